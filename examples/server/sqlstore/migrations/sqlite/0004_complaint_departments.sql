-- A complaint may be forwarded to several departments (C2.1): one row per
-- department a complaint was forwarded to, so that a department's list
-- reads an index whichever part is its. Complaints stored before held their
-- one department in the body's "department"; newer ones list "parts".
CREATE TABLE complaint_departments (
    department   TEXT NOT NULL,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    PRIMARY KEY (department, complaint_id)
);
INSERT OR IGNORE INTO complaint_departments (department, complaint_id)
SELECT json_extract(body, '$.department'), id FROM complaints
WHERE coalesce(json_extract(body, '$.department'), '') <> '';
INSERT OR IGNORE INTO complaint_departments (department, complaint_id)
SELECT json_extract(p.value, '$.department'), c.id FROM complaints c, json_each(c.body, '$.parts') p
WHERE coalesce(json_extract(p.value, '$.department'), '') <> '';
