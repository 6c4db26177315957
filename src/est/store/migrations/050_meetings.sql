-- EST meetings, the frozen snapshot of each closed meeting, and area status (grön/gul/röd) with history.
-- Areas are referenced by (area_set_id, area_code): replacing a set's polygons gives areas new ids, but
-- codes are stable, so status history and actions survive a replacement.

CREATE SEQUENCE meeting_id_seq START 1;
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_id_seq'),
    held_on DATE NOT NULL,
    area_set_id INTEGER NOT NULL,
    title VARCHAR,
    participants VARCHAR,              -- JSON list of organisation names present
    period_from DATE NOT NULL,         -- "since last meeting": inclusive first day
    period_to DATE NOT NULL,           -- inclusive last day
    state VARCHAR NOT NULL DEFAULT 'open',  -- open | closed
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    closed_by VARCHAR,
    closed_at TIMESTAMPTZ,
    snapshot_json VARCHAR,             -- frozen figures, filters, data-as-of (written once, at close)
    snapshot_map BLOB                  -- frozen map image (PNG), written once, at close
);

CREATE SEQUENCE area_status_id_seq START 1;
CREATE TABLE area_status (
    id INTEGER PRIMARY KEY DEFAULT nextval('area_status_id_seq'),
    area_set_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('gron', 'gul', 'rod')),
    reason VARCHAR NOT NULL,
    meeting_id INTEGER,
    set_by VARCHAR,
    set_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
