-- The queue items in request_deadlines carry the request's readable number
-- (aftersales.DeadlineItem.Number), which notices and queues show. Rows
-- written since are stored with it; those of numbered requests written
-- before get it here.
UPDATE request_deadlines d
   SET body = jsonb_set(d.body::jsonb, '{number}', to_jsonb(r.number))::text
  FROM requests r
 WHERE r.id = d.request_id AND r.number <> '';
