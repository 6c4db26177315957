-- Incident import: mapping profiles and category crosswalks per organisation, and what a batch report
-- needs beyond schema v1. Never edit an applied migration: add a new one (import owns 010–019).

-- A named column mapping per organisation, applied automatically to the next file whose header has the
-- same columns (columns_key is the normalised header, joined by '|').
CREATE SEQUENCE import_profile_id_seq START 1;
CREATE TABLE import_profiles (
    id INTEGER PRIMARY KEY DEFAULT nextval('import_profile_id_seq'),
    organisation_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    columns_key VARCHAR NOT NULL,
    mapping_json VARCHAR NOT NULL,      -- {"occurred_at": "Datum", "category": "Typ", …}
    options_json VARCHAR NOT NULL,      -- {"crs": "EPSG:3006", "date_format": null}
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR,
    UNIQUE (organisation_id, name)
);

-- The source's own category labels mapped to EST category codes, per organisation. label_key is the
-- normalised label (lower case, accents and punctuation removed) that lookups use.
CREATE TABLE category_crosswalk (
    organisation_id INTEGER NOT NULL,
    label_key VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    category_code VARCHAR NOT NULL,
    origin VARCHAR NOT NULL DEFAULT 'keyword',   -- keyword | user
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR,
    PRIMARY KEY (organisation_id, label_key)
);

ALTER TABLE import_batches ADD COLUMN rows_outside_areas BIGINT DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN fields_masked BIGINT DEFAULT 0;
