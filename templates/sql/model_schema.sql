-- model: the rest of the star schema. dim_user and fact_page_visit (grain:
-- one page visit, a distinct user, step and time) are loaded while the
-- source is read; each user's funnel level is computed by the model stage's
-- per-user pass (generator/warehouse/model.c) straight into the funnel cube.
CREATE TABLE dim_step (
    step_index INTEGER PRIMARY KEY,   -- 1 = the first step of the funnel
    step       TEXT NOT NULL UNIQUE   -- the page as events carry it, or the name of its patterns
);
CREATE TABLE dim_attribute (
    attr_index      INTEGER PRIMARY KEY, -- column a<attr_index> of dim_user
    name            TEXT NOT NULL,
    distinct_values INTEGER NOT NULL     -- -1: more than the 65,534 counted
);
CREATE TABLE dim_date (
    date_key     INTEGER PRIMARY KEY, -- YYYYMMDD, UTC
    date         TEXT NOT NULL,       -- YYYY-MM-DD
    year         INTEGER NOT NULL,
    month        TEXT NOT NULL,       -- YYYY-MM
    month_of_year INTEGER NOT NULL,
    day_of_month INTEGER NOT NULL,
    day_of_week  INTEGER NOT NULL     -- 0 = Sunday
);
-- and, for the lake, the repeats the per-user pass finds, before they go
CREATE TABLE stg_visit_repeat (
    visit_key INTEGER PRIMARY KEY     -- a staged visit that repeats an earlier one (same user, step and time): deleted from fact_page_visit
);
