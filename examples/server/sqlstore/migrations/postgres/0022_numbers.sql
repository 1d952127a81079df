-- Readable numbers (SH-2026-000123): each request's and complaint's, in a
-- column of its own for finding a record by it, and the last number given
-- per prefix and year (NextNumber), never given twice, whichever instance
-- asks.
ALTER TABLE requests ADD COLUMN number text COLLATE "C" NOT NULL DEFAULT '';
CREATE UNIQUE INDEX requests_number ON requests (number) WHERE number <> '';
ALTER TABLE complaints ADD COLUMN number text COLLATE "C" NOT NULL DEFAULT '';
CREATE UNIQUE INDEX complaints_number ON complaints (number) WHERE number <> '';
CREATE TABLE record_numbers (
    prefix text COLLATE "C" NOT NULL,
    year   integer NOT NULL,
    last   bigint  NOT NULL,
    PRIMARY KEY (prefix, year)
);
