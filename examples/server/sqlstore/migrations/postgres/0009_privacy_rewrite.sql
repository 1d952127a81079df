-- Pseudonymisation (个人信息保护法 第十九条, 第四十七条; DB.Pseudonymise).
-- The event tables stay append-only with one exception: while a
-- transaction holds the row of privacy_rewrite (Pseudonymise inserts it and
-- deletes it again before it commits, so no other transaction ever sees
-- it), an UPDATE may change an event's body, and nothing else of the row.
-- DELETE stays refused. What the rewrite changed is the customer's personal
-- data only (aftersales.Event.Pseudonymised), and the history says so: the
-- same transaction appends an event "pseudonymised".
CREATE TABLE privacy_rewrite (
    id integer NOT NULL PRIMARY KEY CHECK (id = 1)
);

CREATE FUNCTION shouhou_privacy_rewrite_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM privacy_rewrite)
        AND (to_jsonb(NEW) - 'body') = (to_jsonb(OLD) - 'body') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

DROP TRIGGER request_events_append_only ON request_events;
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
    FOR EACH ROW EXECUTE FUNCTION shouhou_privacy_rewrite_only();

DROP TRIGGER complaint_events_append_only ON complaint_events;
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
    FOR EACH ROW EXECUTE FUNCTION shouhou_privacy_rewrite_only();
