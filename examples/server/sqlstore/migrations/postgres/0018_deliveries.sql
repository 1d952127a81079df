-- The notices' outbox (notify.DeliveryLog): one row per notice and
-- channel, written before the channel is tried and updated with the
-- outcome; what a notice reached survives a restart and is shared by the
-- instances. The delivery log page reads it newest first (all, or by
-- state), a record's page by its subject.
CREATE TABLE deliveries (
    key      text COLLATE "C" NOT NULL,
    channel  text COLLATE "C" NOT NULL,
    via      text NOT NULL,
    subject  text COLLATE "C" NOT NULL,
    kind     text NOT NULL,
    clause   text NOT NULL,
    message  text NOT NULL,
    state    text NOT NULL,
    error    text NOT NULL,
    attempts bigint NOT NULL,
    at_ns    bigint NOT NULL,
    sent_ns  bigint,
    PRIMARY KEY (key, channel)
);
CREATE INDEX deliveries_at ON deliveries (at_ns, key, channel);
CREATE INDEX deliveries_subject ON deliveries (subject, at_ns);
-- The log page's filter by state (the failures, say), newest first.
CREATE INDEX deliveries_state ON deliveries (state, at_ns, key, channel);
