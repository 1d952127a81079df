-- Binary objects the web pages keep, such as a signature drawn on screen
-- (P4.1): PNG or JPEG images of at most 2 MiB, addressed by a random ID.
CREATE TABLE blobs (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    content_type text  NOT NULL,
    data         bytea NOT NULL,
    created_at   text  NOT NULL,        -- RFC 3339 with nanoseconds, UTC
    created_by   text  NOT NULL
);
