-- model: the user dimension, loaded while the users are read (the first row
-- of a user_id wins: later ones are counted as duplicate users). user_key
-- numbers the users in source order, as the per-user pass knows them: the
-- first row gives 0 and the rest NULL, which SQLite numbers max + 1 (an
-- append, without the seek a given key costs each row).
CREATE TABLE dim_user (
    user_key   INTEGER PRIMARY KEY,   -- surrogate key, 0-based, in source order
    user_id    TEXT NOT NULL,
    -- from signup_date (or date), if the users have it; then the attributes
    signup_time INTEGER{{attr_defs}}
);
