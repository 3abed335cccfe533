-- analyze: the two cubes, aggregated once at the finest grain by the model
-- stage's per-user pass; every breakdown is rolled up from them, never from
-- the events. Column d<i> is dimension i of the run (see summary.json
-- "dimensions"); cube_visits has a column only for the user dimensions.
CREATE TABLE cube_funnel (
    {{dim_defs}}level INTEGER NOT NULL,   -- deepest step reached
    users      INTEGER NOT NULL
);
CREATE TABLE cube_visits (
    {{vdim_defs}}step_index INTEGER NOT NULL,
    month      TEXT NOT NULL,           -- YYYY-MM of the visit, UTC
    visits     INTEGER NOT NULL,        -- page visits
    visitors   INTEGER NOT NULL         -- distinct users
);
