-- The reference server's tables, PostgreSQL dialect. Each aggregate is
-- kept whole as the JSON text of its Go value in body (text, not jsonb,
-- which would reorder keys and refuse \u0000); the other columns are copies
-- of the fields that List filters and orders on. Instants are UTC Unix
-- nanoseconds (clamped to the int64 range), so that they compare exactly.
-- Every key column is COLLATE "C", which compares bytewise as Go compares
-- strings whatever the database's locale. History tables are append-only:
-- a trigger refuses UPDATE and DELETE.

CREATE FUNCTION shouhou_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

-- aftersales.Store
CREATE TABLE requests (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    version     integer NOT NULL CHECK (version >= 1),
    project_id  text COLLATE "C" NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    status      text COLLATE "C" NOT NULL,
    received_ns bigint  NOT NULL,
    next_due_ns bigint,                 -- earliest pending deadline; NULL: none pending
    updated_ns  bigint  NOT NULL,
    body        text    NOT NULL        -- the aftersales.Request
);
CREATE INDEX requests_project ON requests (project_id, id);
CREATE INDEX requests_customer ON requests (customer_id, id);
CREATE INDEX requests_status ON requests (status, id);
CREATE INDEX requests_next_due ON requests (next_due_ns) WHERE next_due_ns IS NOT NULL;

-- The departments that have a part in a request (Query.Department).
CREATE TABLE request_parts (
    department text COLLATE "C" NOT NULL,
    request_id text COLLATE "C" NOT NULL REFERENCES requests (id),
    PRIMARY KEY (department, request_id)
);
CREATE INDEX request_parts_request ON request_parts (request_id);

CREATE TABLE request_events (
    request_id text COLLATE "C" NOT NULL REFERENCES requests (id),
    seq        integer NOT NULL CHECK (seq >= 1),
    type       text    NOT NULL,
    at_ns      bigint  NOT NULL,
    body       text    NOT NULL,        -- the aftersales.Event
    PRIMARY KEY (request_id, seq)
);
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
    FOR EACH ROW EXECUTE FUNCTION shouhou_append_only();

-- complaint.Store
CREATE TABLE complaints (
    id             text COLLATE "C" NOT NULL PRIMARY KEY,
    version        integer NOT NULL CHECK (version >= 1),
    complainant_id text COLLATE "C" NOT NULL,
    project_id     text COLLATE "C" NOT NULL,
    request_id     text COLLATE "C" NOT NULL,
    status         text COLLATE "C" NOT NULL,
    received_ns    bigint  NOT NULL,
    updated_ns     bigint  NOT NULL,
    body           text    NOT NULL     -- the complaint.Complaint
);
CREATE INDEX complaints_complainant ON complaints (complainant_id, id);
CREATE INDEX complaints_project ON complaints (project_id, id);
CREATE INDEX complaints_request ON complaints (request_id, id);
CREATE INDEX complaints_status ON complaints (status, id);
CREATE INDEX complaints_received ON complaints (received_ns);

CREATE TABLE complaint_events (
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    seq          integer NOT NULL CHECK (seq >= 1),
    type         text    NOT NULL,
    at_ns        bigint  NOT NULL,
    body         text    NOT NULL,      -- the complaint.Event
    PRIMARY KEY (complaint_id, seq)
);
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
    FOR EACH ROW EXECUTE FUNCTION shouhou_append_only();

-- The monthly reports' deliveries (C5.1), one per month.
CREATE TABLE complaint_deliveries (
    month_key integer NOT NULL PRIMARY KEY, -- year*12 + month-1
    month     text    NOT NULL,             -- 2006-01
    at_ns     bigint  NOT NULL,
    body      text    NOT NULL              -- the complaint.Delivery
);

-- warranty.Store
CREATE TABLE warranties (
    project_id text COLLATE "C" NOT NULL PRIMARY KEY,
    version    integer NOT NULL CHECK (version >= 1),
    updated_ns bigint  NOT NULL,
    body       text    NOT NULL         -- the warranty.Warranty
);

CREATE TABLE warranty_changes (
    project_id text COLLATE "C" NOT NULL REFERENCES warranties (project_id),
    seq        integer NOT NULL CHECK (seq >= 1),
    type       text    NOT NULL,
    at_ns      bigint  NOT NULL,
    body       text    NOT NULL,        -- the warranty.Change
    PRIMARY KEY (project_id, seq)
);
CREATE TRIGGER warranty_changes_append_only BEFORE UPDATE OR DELETE ON warranty_changes
    FOR EACH ROW EXECUTE FUNCTION shouhou_append_only();

-- staff.Store
CREATE TABLE staff_organisation (
    id         integer NOT NULL PRIMARY KEY CHECK (id = 1), -- one organisation
    version    integer NOT NULL CHECK (version >= 1),
    updated_ns bigint  NOT NULL,
    body       text    NOT NULL         -- the staff.Organisation
);

CREATE TABLE staff_sessions (
    id       text COLLATE "C" NOT NULL PRIMARY KEY,
    version  integer NOT NULL CHECK (version >= 1),
    date_key bigint  NOT NULL,          -- days since 1970-01-01 of Session.Date
    body     text    NOT NULL           -- the staff.Session
);
CREATE INDEX staff_sessions_date ON staff_sessions (date_key, id);

CREATE TABLE staff_assessments (
    id        text COLLATE "C" NOT NULL PRIMARY KEY,
    version   integer NOT NULL CHECK (version >= 1),
    person_id text COLLATE "C" NOT NULL,
    from_key  bigint  NOT NULL,         -- days since 1970-01-01 of Period.From
    body      text    NOT NULL          -- the staff.Assessment
);
CREATE INDEX staff_assessments_person ON staff_assessments (person_id, from_key, id);
CREATE INDEX staff_assessments_from ON staff_assessments (from_key, id);

-- The whole staff history, numbered 1, 2, … across every subject.
CREATE TABLE staff_history (
    seq     bigint NOT NULL PRIMARY KEY CHECK (seq >= 1),
    subject text   NOT NULL,
    type    text   NOT NULL,
    at_ns   bigint NOT NULL,
    body    text   NOT NULL             -- the staff.Change
);
CREATE TRIGGER staff_history_append_only BEFORE UPDATE OR DELETE ON staff_history
    FOR EACH ROW EXECUTE FUNCTION shouhou_append_only();

-- The last staff_history seq handed out. Taking the next one updates this
-- row, which serialises the staff writes that reach it.
CREATE TABLE staff_counter (
    id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq bigint  NOT NULL
);
INSERT INTO staff_counter (id, last_seq) VALUES (1, 0);

-- API bearer tokens: SHA-256 hex hashes only, never the tokens.
CREATE TABLE tokens (
    hash          text COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(hash) = 64),
    label         text NOT NULL,
    person_id     text NOT NULL,
    role          text NOT NULL,
    department_id text NOT NULL,
    customer_id   text NOT NULL,
    created_at    text NOT NULL         -- RFC 3339 with nanoseconds and offset
);

-- Exactly-once claims of scheduled items across instances.
CREATE TABLE claims (
    key        text COLLATE "C" NOT NULL PRIMARY KEY,
    owner      text COLLATE "C" NOT NULL,
    claimed_ns bigint NOT NULL,
    done_ns    bigint                   -- NULL: not done
);

-- The calendar notices loaded at run time, one per year.
CREATE TABLE notices (
    year      integer NOT NULL PRIMARY KEY,
    body      text    NOT NULL,         -- the JSON text calendar.ParseNotice reads
    loaded_by text    NOT NULL,
    loaded_at text    NOT NULL          -- RFC 3339 with nanoseconds and offset
);
