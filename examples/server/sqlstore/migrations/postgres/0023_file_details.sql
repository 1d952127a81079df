-- What the pages show of a file without reading it whole: a photo's
-- thumbnail (a small JPEG) and its own capture time (EXIF), when known.
ALTER TABLE files ADD COLUMN thumb bytea;
ALTER TABLE files ADD COLUMN captured_ns bigint;
