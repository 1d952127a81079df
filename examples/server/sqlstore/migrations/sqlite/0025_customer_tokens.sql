-- A customer's link tokens, newest first, for the desk that issues,
-- re-sends and revokes them.
CREATE INDEX tokens_customer ON tokens (customer_id, label, created_at);
