-- A person's notices on their desk page: the delivery log's rows of their
-- desk channel, newest first.
CREATE INDEX deliveries_channel ON deliveries (channel, at_ns, key);
