-- model: the warehouse, a star schema over the staged rows.
-- Grain of fact_page_visit: one page visit (a distinct user, step and time).
-- Grain of fact_user_funnel: one user who has a page visit (an accumulating
-- snapshot: entry and the deepest step reached), filled by the analyze stage.
CREATE TABLE dim_step (
    step_index INTEGER PRIMARY KEY,   -- 1 = the first step of the funnel
    step       TEXT NOT NULL UNIQUE   -- the page name as events carry it
);
CREATE TABLE dim_user (
    user_key   INTEGER PRIMARY KEY,   -- surrogate key, in source order
    user_id    TEXT NOT NULL UNIQUE,
    -- from signup_date (or date), if the users have it; then the attributes
    signup_time INTEGER{{attr_defs}}
);
CREATE TABLE dim_attribute (
    attr_index      INTEGER PRIMARY KEY, -- column a<attr_index> of dim_user
    name            TEXT NOT NULL,
    distinct_values INTEGER NOT NULL
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
CREATE TABLE fact_page_visit (
    visit_key  INTEGER PRIMARY KEY,   -- in (user_key, event_time, step_index) order
    user_key   INTEGER NOT NULL REFERENCES dim_user,
    step_index INTEGER NOT NULL REFERENCES dim_step,
    event_time INTEGER NOT NULL,      -- seconds since 1970-01-01T00:00:00Z
    date_key   INTEGER NOT NULL REFERENCES dim_date,
    month      TEXT NOT NULL          -- YYYY-MM of event_time, UTC
);
CREATE TABLE fact_user_funnel (
    user_key     INTEGER PRIMARY KEY REFERENCES dim_user,
    entry_time   INTEGER,             -- first step-1 visit; NULL if none
    entry_month  TEXT,                -- YYYY-MM of entry_time, UTC
    level        INTEGER NOT NULL,    -- deepest step reached, 0 = not entered
    out_of_order INTEGER NOT NULL     -- 1 if a step came before the one preceding it
);
