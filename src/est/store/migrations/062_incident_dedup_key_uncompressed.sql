-- est: duckdb storage only
-- A dedup key is a content hash (`h:` + 32 hex digits + `:n`) or an external id: DuckDB's string compression
-- (DICT_FSST) finds no repeats in the hashes and only packs their hex digits, and that costs an import about
-- 4 CPU-seconds per ten million rows (a fifth of writing all the incident's columns). The keys are stored
-- uncompressed from here on: an import of 10M rows is 6 % faster, and the file about 20 bytes per incident
-- bigger. DuckDB sets a column's compression only when its table is created, so the table is made again with
-- the same columns, defaults, rows and row order. A PostgreSQL store has no such storage: there this
-- migration is only recorded (the first line says so; see est.store.upgrade). Making the table again takes
-- about 0.8 s per million incidents; the old table's space in the file is reused by later writes (a DuckDB
-- file does not shrink).
CREATE TABLE incidents_rebuilt (
    id BIGINT NOT NULL DEFAULT nextval('incident_id_seq'),
    occurred_at TIMESTAMPTZ NOT NULL,
    occurred_until TIMESTAMPTZ,
    time_precision VARCHAR NOT NULL DEFAULT 'minute',
    category_code VARCHAR NOT NULL,
    source_label VARCHAR,
    source_kind VARCHAR NOT NULL,
    organisation_id INTEGER NOT NULL,
    place VARCHAR,
    description VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    location_precision VARCHAR NOT NULL DEFAULT 'exact',
    external_id VARCHAR,
    dedup_key VARCHAR USING COMPRESSION uncompressed,
    count INTEGER NOT NULL DEFAULT 1,
    batch_id INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    duplicate_of BIGINT
);
INSERT INTO incidents_rebuilt SELECT * FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents_rebuilt RENAME TO incidents;
