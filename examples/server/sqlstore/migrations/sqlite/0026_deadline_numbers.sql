-- The queue items in request_deadlines carry the request's readable number
-- (aftersales.DeadlineItem.Number), which notices and queues show. Rows
-- written since are stored with it; those of numbered requests written
-- before get it here.
UPDATE request_deadlines
   SET body = json_set(body, '$.number', (SELECT r.number FROM requests r WHERE r.id = request_deadlines.request_id))
 WHERE EXISTS (SELECT 1 FROM requests r WHERE r.id = request_deadlines.request_id AND r.number <> '');
