-- extract: staged users, one text column per user attribute (a1, a2, ...).
CREATE TABLE stg_user (
    source_key INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    user_id    TEXT NOT NULL,
    -- from signup_date (or date), when the source has it; then the attributes
    signup_time INTEGER{{attr_defs}}
);
