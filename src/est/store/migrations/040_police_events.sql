-- Police open events (polisen.se "händelser"): kommun-level context, kept apart from incidents.
-- The API's gps point is the centroid of the kommun or the län named in location.name, never the place of
-- the event, so these rows are never assigned to areas nor drawn on the incident map.
CREATE TABLE police_events (
    id BIGINT PRIMARY KEY,               -- the polisen.se event id; re-import updates by id
    published_at TIMESTAMPTZ NOT NULL,   -- the API's `datetime`
    occurred_at TIMESTAMPTZ NOT NULL,    -- the time in `name` ("22 augusti 17.59"), else published_at
    name VARCHAR NOT NULL,
    summary VARCHAR,
    url VARCHAR,                         -- relative to https://polisen.se
    type VARCHAR NOT NULL,
    is_summary BOOLEAN NOT NULL,         -- "Sammanfattning natt" and friends: several events in one notice
    category_code VARCHAR,               -- the EST category the type fits, NULL when none fits
    kommun_code VARCHAR,                 -- KnKod, NULL when the event names no kommun
    kommun_name VARCHAR,                 -- the official KnNamn
    location_name VARCHAR,               -- as given (a kommun in older data, a län since 2026)
    location_level VARCHAR NOT NULL,     -- kommun | lan | unknown: what the gps point is the centre of
    gps_lat DOUBLE,
    gps_lon DOUBLE,
    content_sha256 VARCHAR NOT NULL,
    first_imported_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
