-- model: distinct values per user attribute, which decide the default
-- dimensions (2 to 50 values).
SELECT count(*){{distinct_counts}}
FROM dim_user;
