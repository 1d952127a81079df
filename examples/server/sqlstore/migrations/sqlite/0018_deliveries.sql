-- The notices' outbox (notify.DeliveryLog): one row per notice and
-- channel, written before the channel is tried and updated with the
-- outcome; what a notice reached survives a restart and is shared by the
-- instances. The delivery log page reads it newest first (all, or by
-- state), a record's page by its subject.
CREATE TABLE deliveries (
    key      TEXT    NOT NULL,
    channel  TEXT    NOT NULL,
    via      TEXT    NOT NULL,
    subject  TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    clause   TEXT    NOT NULL,
    message  TEXT    NOT NULL,
    state    TEXT    NOT NULL,
    error    TEXT    NOT NULL,
    attempts INTEGER NOT NULL,
    at_ns    INTEGER NOT NULL,        -- the last try
    sent_ns  INTEGER,                 -- NULL until sent
    PRIMARY KEY (key, channel)
);
CREATE INDEX deliveries_at ON deliveries (at_ns, key, channel);
CREATE INDEX deliveries_subject ON deliveries (subject, at_ns);
-- The log page's filter by state (the failures, say), newest first.
CREATE INDEX deliveries_state ON deliveries (state, at_ns, key, channel);
