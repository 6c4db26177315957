-- Schema v1: organisations, source kinds, the EST taxonomy, incidents, import batches, area sets, areas,
-- each incident's area per area set, and settings. Never edit an applied migration: add a new one.

CREATE SEQUENCE organisation_id_seq START 1;
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY DEFAULT nextval('organisation_id_seq'),
    name VARCHAR NOT NULL UNIQUE,
    source_kind VARCHAR NOT NULL DEFAULT 'ovrig',
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE source_kinds (
    code VARCHAR PRIMARY KEY,
    label_sv VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    sort INTEGER NOT NULL
);

INSERT INTO source_kinds VALUES
    ('fastighetsagare', 'Fastighetsägare', 'Property owner', 1),
    ('nattvandrare', 'Nattvandrare', 'Night walkers', 2),
    ('polis', 'Polis', 'Police', 3),
    ('kommun', 'Kommun', 'Municipality', 4),
    ('vaktare', 'Väktare', 'Security guards', 5),
    ('ovrig', 'Övrig', 'Other', 6);

-- The EST checklist categories with subcategories. Codes are stable and dotted: a code's children start
-- with the code and a dot, so a filter on a parent includes the whole subtree.
CREATE TABLE categories (
    code VARCHAR PRIMARY KEY,
    parent_code VARCHAR,
    label_sv VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    sort INTEGER NOT NULL
);

INSERT INTO categories VALUES
    ('skadegorelse', NULL, 'Skadegörelse', 'Criminal damage', 100),
    ('skadegorelse.klotter', 'skadegorelse', 'Klotter', 'Graffiti', 110),
    ('skadegorelse.glaskross', 'skadegorelse', 'Glaskross', 'Broken glass', 120),
    ('skadegorelse.brand', 'skadegorelse', 'Brand', 'Fire, arson', 130),
    ('skadegorelse.ovrig', 'skadegorelse', 'Övrig skadegörelse', 'Other damage', 140),
    ('samling', NULL, 'Otrygghetsskapande samling', 'Gathering causing insecurity', 200),
    ('samling.trapphus', 'samling', 'Samling i trapphus', 'Gathering in stairwell', 210),
    ('samling.kallare', 'samling', 'Samling i källare', 'Gathering in basement', 220),
    ('samling.forrad', 'samling', 'Samling i förråd', 'Gathering in storeroom', 230),
    ('samling.garage', 'samling', 'Samling i garage', 'Gathering in garage', 240),
    ('samling.utomhus', 'samling', 'Samling utomhus', 'Gathering outdoors', 250),
    ('ordning', NULL, 'Annat otrygghetsskapande eller ordningsstörande', 'Other disorder or insecurity', 300),
    ('ordning.brak', 'ordning', 'Ordningsstörning, bråk', 'Disturbance, fighting', 310),
    ('ordning.inbrott', 'ordning', 'Inbrott', 'Break-in', 320),
    ('ordning.inbrott.kallare', 'ordning.inbrott', 'Inbrott i källare', 'Break-in, basement', 321),
    ('ordning.inbrott.forrad', 'ordning.inbrott', 'Inbrott i förråd', 'Break-in, storeroom', 322),
    ('ordning.inbrott.lagenhet', 'ordning.inbrott', 'Inbrott i lägenhet', 'Break-in, flat', 323),
    ('ordning.inbrott.bil', 'ordning.inbrott', 'Inbrott i bil', 'Break-in, car', 324),
    ('ordning.stold', 'ordning', 'Stöld', 'Theft', 330),
    ('ordning.narkotika', 'ordning', 'Misstänkt narkotikahantering', 'Suspected drug dealing', 340),
    ('ordning.trafik', 'ordning', 'Olovlig och störande trafik', 'Illegal or disturbing traffic', 350),
    ('ordning.trafik.mopedbil', 'ordning.trafik', 'Mopedbil', 'Moped car', 351),
    ('ordning.trafik.a_traktor', 'ordning.trafik', 'A-traktor', 'A-tractor', 352),
    ('ordning.trafik.buskorning', 'ordning.trafik', 'Buskörning', 'Reckless driving', 353),
    ('ordning.trafik.hog_musik', 'ordning.trafik', 'Hög musik från fordon', 'Loud music from vehicles', 354),
    ('ordning.olovligt_boende', 'ordning', 'Olovligt boende', 'Unauthorised sleeping or living', 360),
    ('otrygg_plats', NULL, 'Otrygg plats', 'Unsafe place', 400),
    ('otrygg_plats.belysning', 'otrygg_plats', 'Bristande belysning', 'Poor lighting', 410),
    ('otrygg_plats.vegetation', 'otrygg_plats', 'Skymmande vegetation', 'Overgrown vegetation', 420),
    ('otrygg_plats.nedskrapning', 'otrygg_plats', 'Nedskräpning', 'Litter', 430),
    ('arrangemang', NULL, 'Arrangemang', 'Event', 500),
    ('okategoriserad', NULL, 'Okategoriserad', 'Uncategorised', 900);

CREATE SEQUENCE batch_id_seq START 1;
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
    organisation_id INTEGER NOT NULL,
    source_kind VARCHAR NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    created_by VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_imported BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    rows_duplicate BIGINT NOT NULL DEFAULT 0,
    status VARCHAR NOT NULL DEFAULT 'committed',
    undone_at TIMESTAMPTZ,
    undone_by VARCHAR,
    report_json VARCHAR
);

CREATE SEQUENCE incident_id_seq START 1;
-- No primary-key index here on purpose: bulk inserts of millions of rows stay fast; ids come from the
-- sequence and are unique by construction.
CREATE TABLE incidents (
    id BIGINT NOT NULL DEFAULT nextval('incident_id_seq'),
    occurred_at TIMESTAMPTZ NOT NULL,
    occurred_until TIMESTAMPTZ,
    time_precision VARCHAR NOT NULL DEFAULT 'minute',   -- minute | day | month
    category_code VARCHAR NOT NULL,
    source_label VARCHAR,                               -- the source's own category label, kept
    source_kind VARCHAR NOT NULL,
    organisation_id INTEGER NOT NULL,
    place VARCHAR,
    description VARCHAR,
    lat DOUBLE,                                         -- WGS84
    lon DOUBLE,
    location_precision VARCHAR NOT NULL DEFAULT 'exact', -- exact | area | none
    external_id VARCHAR,
    dedup_key VARCHAR,
    count INTEGER NOT NULL DEFAULT 1,
    batch_id INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE area_set_id_seq START 1;
CREATE TABLE area_sets (
    id INTEGER PRIMARY KEY DEFAULT nextval('area_set_id_seq'),
    name VARCHAR NOT NULL UNIQUE,
    is_default BOOLEAN NOT NULL DEFAULT false,
    source_file VARCHAR,
    source_crs VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE area_id_seq START 1;
CREATE TABLE areas (
    id INTEGER PRIMARY KEY DEFAULT nextval('area_id_seq'),
    area_set_id INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    population INTEGER,
    dwellings INTEGER,
    geom_wkb BLOB NOT NULL,          -- WGS84 (lon/lat) polygon or multipolygon, repaired
    display_geojson VARCHAR NOT NULL, -- simplified geometry for maps
    centroid_lat DOUBLE NOT NULL,     -- a point inside the area (representative point)
    centroid_lon DOUBLE NOT NULL,
    min_lon DOUBLE NOT NULL,
    min_lat DOUBLE NOT NULL,
    max_lon DOUBLE NOT NULL,
    max_lat DOUBLE NOT NULL,
    UNIQUE (area_set_id, code)
);

-- Each located incident's area in each area set; area_id NULL means "outside every area".
CREATE TABLE incident_areas (
    incident_id BIGINT NOT NULL,
    area_set_id INTEGER NOT NULL,
    area_id INTEGER
);

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR
);
