-- Area indicators per year: population, dwellings and survey results (e.g. the share who feel unsafe
-- outdoors at night) for the areas of a set. Keyed by the area's code, not its id, so the figures survive
-- when the set is replaced by a new version of the file. They are the denominators for rates and are
-- shown beside incident figures.
CREATE TABLE area_indicators (
    area_set_id INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,   -- 'population', 'dwellings', or the survey question's own label
    value DOUBLE NOT NULL,
    source_file VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR,
    PRIMARY KEY (area_set_id, area_code, year, indicator)
);
