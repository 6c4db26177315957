-- The audit log: who did what, when, to how many rows. Append-only: the application never updates or
-- deletes it (there is no code path that does), and retention leaves it alone.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    actor VARCHAR NOT NULL,        -- user id (e-mail, local user name, 'cli:<os user>')
    action VARCHAR NOT NULL,       -- login, import, undo, edit, export, setting, …
    target VARCHAR,                -- what it acted on (batch 12, area set 'Bostadsområden', …)
    rows BIGINT NOT NULL DEFAULT 0,
    detail VARCHAR                 -- JSON with anything else worth keeping (never free text from reports)
);
