-- Readable numbers (SH-2026-000123): each request's and complaint's, in a
-- column of its own for finding a record by it, and the last number given
-- per prefix and year (NextNumber), never given twice.
ALTER TABLE requests ADD COLUMN number TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX requests_number ON requests (number) WHERE number <> '';
ALTER TABLE complaints ADD COLUMN number TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX complaints_number ON complaints (number) WHERE number <> '';
CREATE TABLE record_numbers (
    prefix TEXT    NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);
