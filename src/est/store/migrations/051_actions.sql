-- The action register: joint actions linked to an area (and optionally a place, a category and the meeting
-- that decided them), their follow-up notes, and the medborgarlöfte focus areas they serve.

CREATE SEQUENCE focus_area_id_seq START 1;
CREATE TABLE focus_areas (
    id INTEGER PRIMARY KEY DEFAULT nextval('focus_area_id_seq'),
    name VARCHAR NOT NULL UNIQUE,      -- e.g. "Droger", "Tillgreppsbrott", "Trafiksäkerhet"
    year INTEGER,                      -- the medborgarlöfte's year, when it has one
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE action_id_seq START 1;
CREATE TABLE actions (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_id_seq'),
    area_set_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    place VARCHAR,
    category_code VARCHAR,
    meeting_id INTEGER,
    action_type VARCHAR NOT NULL,      -- patrull, vaktare, stadning, klottersanering, belysning, …
    what VARCHAR NOT NULL,             -- a short description (no personal data)
    owner_organisation_id INTEGER NOT NULL,
    start_on DATE NOT NULL,
    due_on DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'planerad' CHECK (status IN ('planerad', 'pagar', 'klar', 'avbruten')),
    finished_on DATE,                  -- set when the status becomes klar or avbruten
    focus_area_id INTEGER,
    in_action_plan BOOLEAN NOT NULL DEFAULT false,  -- part of the kommun's åtgärdsplan (lag 2023:196)
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE action_note_id_seq START 1;
CREATE TABLE action_notes (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_note_id_seq'),
    action_id INTEGER NOT NULL,
    meeting_id INTEGER,
    note VARCHAR NOT NULL,
    status VARCHAR,                    -- the status set together with the note, if any
    written_by VARCHAR,
    written_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
