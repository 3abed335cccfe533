-- model: the page visits, loaded as the events are read, in source order.
-- The insert leaves visit_key to SQLite, which numbers the rows 1, 2, 3, ...
-- as they come (an append, without the seek a given key costs each row): the
-- same numbers the visit partitions hold. Exact duplicates are deleted by the
-- model stage's per-user pass, which is the first to see a user's visits
-- together.
CREATE TABLE fact_page_visit (
    visit_key  INTEGER PRIMARY KEY,   -- the visit's place among the staged events
    user_key   INTEGER NOT NULL,      -- references dim_user
    step_index INTEGER NOT NULL,      -- references dim_step
    event_time INTEGER NOT NULL,      -- seconds since 1970-01-01T00:00:00Z
    date_key   INTEGER NOT NULL       -- references dim_date: the UTC day, and its month
);
