-- Patrol and walk plans saved to a meeting (issue 16): the plan's visit windows, and the visits made, so the
-- next meetings see planned against done. Each saved plan is also an action in the register (action_id), so
-- the before/after evaluation of actions evaluates it like any other action.

CREATE SEQUENCE patrol_plan_id_seq START 1;
CREATE TABLE patrol_plans (
    id INTEGER PRIMARY KEY DEFAULT nextval('patrol_plan_id_seq'),
    meeting_id INTEGER,
    action_id INTEGER,
    area_set_id INTEGER NOT NULL,
    week_start DATE NOT NULL,          -- the Monday of the ISO week the plan is for
    history_from DATE NOT NULL,        -- the history it was computed from (inclusive)
    history_to DATE NOT NULL,
    categories VARCHAR NOT NULL DEFAULT '',  -- the filter's category codes, comma-separated (empty: all)
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE patrol_slots (
    plan_id INTEGER NOT NULL,
    rank INTEGER NOT NULL,             -- 1 = best
    cell VARCHAR,                      -- H3 cell (resolution 9), or NULL for an area
    area_code VARCHAR,
    label VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    hour_from INTEGER NOT NULL CHECK (hour_from BETWEEN 0 AND 23),
    hour_to INTEGER NOT NULL CHECK (hour_to BETWEEN 1 AND 24),
    expected DOUBLE NOT NULL,
    PRIMARY KEY (plan_id, rank)
);

CREATE SEQUENCE patrol_visit_id_seq START 1;
CREATE TABLE patrol_visits (
    id INTEGER PRIMARY KEY DEFAULT nextval('patrol_visit_id_seq'),
    plan_id INTEGER NOT NULL,
    slot_rank INTEGER NOT NULL,
    visited_at TIMESTAMPTZ NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    organisation_id INTEGER,           -- who visited: the reporting user's organisation (no names)
    note VARCHAR,                      -- masked free text
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
