-- Cross-source duplicate linking: incidents that describe the same thing (the same graffiti reported by the
-- property owner, a walker and the police) are linked into one problem that keeps all its sources.
CREATE SEQUENCE problem_id_seq START 1;
CREATE TABLE problems (
    id BIGINT PRIMARY KEY DEFAULT nextval('problem_id_seq'),
    anchor_incident_id BIGINT NOT NULL,   -- the earliest report; every member is within the limits of it
    status VARCHAR NOT NULL DEFAULT 'open', -- open (found automatically) | confirmed (by a coordinator)
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    decided_by VARCHAR,
    decided_at TIMESTAMPTZ
);
-- An incident belongs to at most one problem (the anchor is a member too).
CREATE TABLE problem_links (
    problem_id BIGINT NOT NULL,
    incident_id BIGINT NOT NULL,
    confirmed BOOLEAN NOT NULL DEFAULT false,
    distance_m DOUBLE NOT NULL DEFAULT 0,   -- from the anchor
    minutes_apart DOUBLE NOT NULL DEFAULT 0 -- after the anchor
);
-- Pairs a coordinator split: never linked again automatically.
CREATE TABLE dedup_splits (
    incident_a BIGINT NOT NULL,   -- the smaller id
    incident_b BIGINT NOT NULL,
    decided_by VARCHAR NOT NULL,
    decided_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
