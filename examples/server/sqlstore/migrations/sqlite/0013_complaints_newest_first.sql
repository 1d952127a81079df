-- The desk's complaint list, newest received first
-- (complaint.Query.NewestFirst), pages on this index read backwards; it
-- also serves the reports' ranges of receipt, as the index it replaces did.
DROP INDEX complaints_received;
CREATE INDEX complaints_received ON complaints (received_ns, id);
