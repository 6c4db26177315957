-- The kommun's own address register (belägenhetsadresser), imported from a GIS file or CSV by an admin,
-- and which incidents got their point from it. Addresses are matched by a normalised key
-- (est.intake.addresses): street_key is the street name in lower case without accents, spaces or punctuation,
-- with Swedish abbreviations written out ("Storg." → "storgatan"). Importing a register replaces it.
CREATE SEQUENCE address_id_seq START 1;
CREATE TABLE addresses (
    id BIGINT PRIMARY KEY DEFAULT nextval('address_id_seq'),
    street VARCHAR NOT NULL,            -- as written in the register
    street_key VARCHAR NOT NULL,
    number INTEGER NOT NULL,
    letter VARCHAR NOT NULL DEFAULT '', -- bokstavstillägg, lower case ('' for none)
    postcode VARCHAR,                   -- five digits, no space
    locality VARCHAR,                   -- postort
    lat DOUBLE NOT NULL,                -- WGS84
    lon DOUBLE NOT NULL
);
CREATE INDEX addresses_key ON addresses (street_key, number);

-- Each register import: what was read, from where, by whom.
CREATE SEQUENCE address_import_id_seq START 1;
CREATE TABLE address_imports (
    id INTEGER PRIMARY KEY DEFAULT nextval('address_import_id_seq'),
    file_name VARCHAR NOT NULL,
    source_crs VARCHAR,
    crs_source VARCHAR,
    addresses BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL DEFAULT 0,
    imported_by VARCHAR,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- An incident whose point came from the register, and where it was before (so a changed register can
-- take the point back: the incident returns to its area, or to no place).
CREATE TABLE incident_geocodes (
    incident_id BIGINT NOT NULL,
    address_id BIGINT NOT NULL,
    prior_precision VARCHAR NOT NULL,   -- area | none
    prior_area_set_id INTEGER,
    prior_area_id INTEGER,
    geocoded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
