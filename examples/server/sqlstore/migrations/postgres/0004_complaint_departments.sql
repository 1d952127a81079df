-- A complaint may be forwarded to several departments (C2.1): one row per
-- department a complaint was forwarded to, so that a department's list
-- reads an index whichever part is its. Complaints stored before held their
-- one department in the body's "department"; newer ones list "parts".
CREATE TABLE complaint_departments (
    department   text COLLATE "C" NOT NULL,
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    PRIMARY KEY (department, complaint_id)
);
INSERT INTO complaint_departments (department, complaint_id)
SELECT body::jsonb ->> 'department', id FROM complaints
WHERE coalesce(body::jsonb ->> 'department', '') <> ''
ON CONFLICT DO NOTHING;
INSERT INTO complaint_departments (department, complaint_id)
SELECT p ->> 'department', c.id FROM complaints c, jsonb_array_elements(coalesce(c.body::jsonb -> 'parts', '[]'::jsonb)) p
WHERE coalesce(p ->> 'department', '') <> ''
ON CONFLICT DO NOTHING;
