-- The reference server's tables, SQLite dialect. Each aggregate is kept
-- whole as the JSON text of its Go value in body; the other columns are
-- copies of the fields that List filters and orders on. Instants are UTC
-- Unix nanoseconds (clamped to the int64 range), so that they compare
-- exactly. TEXT compares bytewise (BINARY collation), as Go compares
-- strings. History tables are append-only: triggers refuse UPDATE and
-- DELETE.

-- aftersales.Store
CREATE TABLE requests (
    id          TEXT    NOT NULL PRIMARY KEY,
    version     INTEGER NOT NULL CHECK (version >= 1),
    project_id  TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    received_ns INTEGER NOT NULL,
    next_due_ns INTEGER,                -- earliest pending deadline; NULL: none pending
    updated_ns  INTEGER NOT NULL,
    body        TEXT    NOT NULL        -- the aftersales.Request
);
CREATE INDEX requests_project ON requests (project_id, id);
CREATE INDEX requests_customer ON requests (customer_id, id);
CREATE INDEX requests_status ON requests (status, id);
CREATE INDEX requests_next_due ON requests (next_due_ns) WHERE next_due_ns IS NOT NULL;

-- The departments that have a part in a request (Query.Department).
CREATE TABLE request_parts (
    department TEXT NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    PRIMARY KEY (department, request_id)
);
CREATE INDEX request_parts_request ON request_parts (request_id);

CREATE TABLE request_events (
    request_id TEXT    NOT NULL REFERENCES requests (id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    type       TEXT    NOT NULL,
    at_ns      INTEGER NOT NULL,
    body       TEXT    NOT NULL,        -- the aftersales.Event
    PRIMARY KEY (request_id, seq)
);
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request_events is append-only'); END;

-- complaint.Store
CREATE TABLE complaints (
    id             TEXT    NOT NULL PRIMARY KEY,
    version        INTEGER NOT NULL CHECK (version >= 1),
    complainant_id TEXT    NOT NULL,
    project_id     TEXT    NOT NULL,
    request_id     TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    received_ns    INTEGER NOT NULL,
    updated_ns     INTEGER NOT NULL,
    body           TEXT    NOT NULL     -- the complaint.Complaint
);
CREATE INDEX complaints_complainant ON complaints (complainant_id, id);
CREATE INDEX complaints_project ON complaints (project_id, id);
CREATE INDEX complaints_request ON complaints (request_id, id);
CREATE INDEX complaints_status ON complaints (status, id);
CREATE INDEX complaints_received ON complaints (received_ns);

CREATE TABLE complaint_events (
    complaint_id TEXT    NOT NULL REFERENCES complaints (id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    type         TEXT    NOT NULL,
    at_ns        INTEGER NOT NULL,
    body         TEXT    NOT NULL,      -- the complaint.Event
    PRIMARY KEY (complaint_id, seq)
);
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN SELECT RAISE(ABORT, 'complaint_events is append-only'); END;

-- The monthly reports' deliveries (C5.1), one per month.
CREATE TABLE complaint_deliveries (
    month_key INTEGER NOT NULL PRIMARY KEY, -- year*12 + month-1
    month     TEXT    NOT NULL,             -- 2006-01
    at_ns     INTEGER NOT NULL,
    body      TEXT    NOT NULL              -- the complaint.Delivery
);

-- warranty.Store
CREATE TABLE warranties (
    project_id TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_ns INTEGER NOT NULL,
    body       TEXT    NOT NULL         -- the warranty.Warranty
);

CREATE TABLE warranty_changes (
    project_id TEXT    NOT NULL REFERENCES warranties (project_id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    type       TEXT    NOT NULL,
    at_ns      INTEGER NOT NULL,
    body       TEXT    NOT NULL,        -- the warranty.Change
    PRIMARY KEY (project_id, seq)
);
CREATE TRIGGER warranty_changes_no_update BEFORE UPDATE ON warranty_changes
BEGIN SELECT RAISE(ABORT, 'warranty_changes is append-only'); END;
CREATE TRIGGER warranty_changes_no_delete BEFORE DELETE ON warranty_changes
BEGIN SELECT RAISE(ABORT, 'warranty_changes is append-only'); END;

-- staff.Store
CREATE TABLE staff_organisation (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), -- one organisation
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_ns INTEGER NOT NULL,
    body       TEXT    NOT NULL         -- the staff.Organisation
);

CREATE TABLE staff_sessions (
    id         TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL CHECK (version >= 1),
    date_key   INTEGER NOT NULL,        -- days since 1970-01-01 of Session.Date
    body       TEXT    NOT NULL         -- the staff.Session
);
CREATE INDEX staff_sessions_date ON staff_sessions (date_key, id);

CREATE TABLE staff_assessments (
    id         TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL CHECK (version >= 1),
    person_id  TEXT    NOT NULL,
    from_key   INTEGER NOT NULL,        -- days since 1970-01-01 of Period.From
    body       TEXT    NOT NULL         -- the staff.Assessment
);
CREATE INDEX staff_assessments_person ON staff_assessments (person_id, from_key, id);
CREATE INDEX staff_assessments_from ON staff_assessments (from_key, id);

-- The whole staff history, numbered 1, 2, … across every subject.
CREATE TABLE staff_history (
    seq     INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
    subject TEXT    NOT NULL,
    type    TEXT    NOT NULL,
    at_ns   INTEGER NOT NULL,
    body    TEXT    NOT NULL            -- the staff.Change
);
CREATE TRIGGER staff_history_no_update BEFORE UPDATE ON staff_history
BEGIN SELECT RAISE(ABORT, 'staff_history is append-only'); END;
CREATE TRIGGER staff_history_no_delete BEFORE DELETE ON staff_history
BEGIN SELECT RAISE(ABORT, 'staff_history is append-only'); END;

-- The last staff_history seq handed out. Taking the next one updates this
-- row, which serialises the staff writes that reach it.
CREATE TABLE staff_counter (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO staff_counter (id, last_seq) VALUES (1, 0);

-- API bearer tokens: SHA-256 hex hashes only, never the tokens.
CREATE TABLE tokens (
    hash          TEXT NOT NULL PRIMARY KEY CHECK (length(hash) = 64),
    label         TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    role          TEXT NOT NULL,
    department_id TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    created_at    TEXT NOT NULL         -- RFC 3339 with nanoseconds and offset
);

-- Exactly-once claims of scheduled items across instances.
CREATE TABLE claims (
    key        TEXT    NOT NULL PRIMARY KEY,
    owner      TEXT    NOT NULL,
    claimed_ns INTEGER NOT NULL,
    done_ns    INTEGER                  -- NULL: not done
);

-- The calendar notices loaded at run time, one per year.
CREATE TABLE notices (
    year      INTEGER NOT NULL PRIMARY KEY,
    body      TEXT    NOT NULL,         -- the JSON text calendar.ParseNotice reads
    loaded_by TEXT    NOT NULL,
    loaded_at TEXT    NOT NULL          -- RFC 3339 with nanoseconds and offset
);
