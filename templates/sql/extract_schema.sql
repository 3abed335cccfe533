-- extract: the raw staging area, the "data lake" of the system design.
-- The page visits are staged in user-partitioned files beside this database
-- (generator/warehouse/parts.c); here are the sources, the attribute names, every page
-- the events named with its count, and the events that could not be placed
-- (of unknown users) as text. The users go straight to dim_user.
CREATE TABLE stg_source (
    source_key INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,     -- file or table the rows came from
    kind       TEXT NOT NULL,     -- users | events
    rows_read  INTEGER NOT NULL
);
CREATE TABLE stg_attribute (
    attr_index INTEGER PRIMARY KEY, -- 1 = column a1 of dim_user
    name       TEXT NOT NULL        -- the column's name in the source
);
CREATE TABLE stg_page (
    page_key   INTEGER PRIMARY KEY,
    page       TEXT NOT NULL,     -- as the events name it
    step_index INTEGER,           -- its funnel step, NULL when it is not one
    events     INTEGER NOT NULL   -- events read at this page
);
CREATE TABLE stg_event_orphan (
    source_key INTEGER NOT NULL,  -- references stg_source
    line       INTEGER NOT NULL,  -- row number in that source
    user_id    TEXT NOT NULL,     -- not among the users
    page       TEXT NOT NULL,
    event_time INTEGER            -- seconds since 1970-01-01T00:00:00Z, or NULL
);
