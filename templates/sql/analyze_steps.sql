-- analyze: the roll-ups run in a small database of their own, holding the
-- cubes and the steps: the same tables --from-cube fills from cube files.
CREATE TABLE dim_step (
    step_index INTEGER PRIMARY KEY,
    step       TEXT NOT NULL
);
