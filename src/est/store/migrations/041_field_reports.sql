-- Quick field reports (nattvandrare, väktare, trygghetsvandringar) and walk sessions. A field report is an
-- ordinary incident (in `incidents`); this table adds how it was made. Walks record reporting effort, so
-- "3 walks in the area, 0 incidents" can be shown.
CREATE SEQUENCE walk_id_seq START 1;
CREATE TABLE walks (
    id BIGINT PRIMARY KEY DEFAULT nextval('walk_id_seq'),
    organisation_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,              -- nattvandring | vaktrunda | trygghetsvandring
    started_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    ended_at TIMESTAMPTZ,
    started_by VARCHAR NOT NULL,
    area_set_id INTEGER,                -- the set the route areas belong to
    participants INTEGER
);
-- The walk's route: areas chosen at the start plus the areas of the reports made during it.
CREATE TABLE walk_areas (
    walk_id BIGINT NOT NULL,
    area_id INTEGER NOT NULL
);
CREATE TABLE field_reports (
    incident_id BIGINT NOT NULL,
    walk_id BIGINT,
    kind VARCHAR NOT NULL,
    client_token VARCHAR NOT NULL,      -- one per filled-in form: a retried save never makes a second report
    position_source VARCHAR NOT NULL,   -- map | typed | phone
    reported_by VARCHAR NOT NULL,
    text_masked BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
