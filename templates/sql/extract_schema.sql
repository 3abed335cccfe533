-- extract: the raw staging area, the "data lake" of the system design.
-- Rows land here as the source gave them (times already parsed to UTC
-- seconds); nothing is filtered or deduplicated until the model stage.
CREATE TABLE stg_source (
    source_key INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,     -- file or table the rows came from
    kind       TEXT NOT NULL,     -- users | events
    rows_read  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE stg_attribute (
    attr_index INTEGER PRIMARY KEY, -- 1 = column a1 of stg_user and dim_user
    name       TEXT NOT NULL        -- the column's name in the source
);
CREATE TABLE stg_event (
    source_key INTEGER NOT NULL,
    line       INTEGER NOT NULL,  -- row number in the source, for lineage
    user_id    TEXT NOT NULL,
    page       TEXT NOT NULL,
    event_time INTEGER            -- seconds since 1970-01-01T00:00:00Z; NULL when
                                  -- the source has no time (a step table without one)
);
