-- The lists newest first filtered by a status or a project (the desk's
-- filters, a specialist's projects) read their page in the index's order
-- instead of sorting every request or complaint of that status or
-- project: the closed ones are nearly all of them after a few years.
CREATE INDEX requests_status_received ON requests (status, received_ns, id);
CREATE INDEX requests_project_received ON requests (project_id, received_ns, id);
CREATE INDEX complaints_status_received ON complaints (status, received_ns, id);
CREATE INDEX complaints_project_received ON complaints (project_id, received_ns, id);
