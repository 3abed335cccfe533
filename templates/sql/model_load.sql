-- model: load the star schema from the staging tables.

-- The first row of a user id wins; later rows of that id are counted as
-- duplicate users in data quality.
INSERT OR IGNORE INTO dim_user (user_id, signup_time{{attr_cols}})
SELECT user_id, signup_time{{attr_cols}}
FROM stg_user
ORDER BY source_key, line;

-- One row per distinct (user, page, time): exact duplicates count once.
-- Events at pages that are not funnel steps, of user ids not in dim_user,
-- or from before the user signed up stay behind in staging (counted in
-- data quality). An event without a time (a step table without one) takes
-- the user's signup time, else 0, so only the order of the steps decides.
-- Rows go in ordered by user and time, so the per-user pass of the
-- analyze stage reads them in visit_key order without sorting again.
INSERT INTO fact_page_visit (user_key, step_index, event_time, date_key, month)
SELECT user_key,
       step_index,
       t,
       CAST(strftime('%Y%m%d', t, 'unixepoch') AS INTEGER),
       strftime('%Y-%m', t, 'unixepoch')
FROM (SELECT u.user_key,
             s.step_index,
             coalesce(e.event_time, u.signup_time, 0) AS t,
             u.signup_time AS signup
      FROM (SELECT DISTINCT user_id, page, event_time FROM stg_event) AS e
      JOIN dim_step AS s ON s.step = e.page
      JOIN dim_user AS u ON u.user_id = e.user_id)
WHERE signup IS NULL OR t >= signup
ORDER BY user_key, t, step_index;

-- One row per calendar day that has a page visit.
INSERT INTO dim_date (date_key, date, year, month, month_of_year, day_of_month, day_of_week)
SELECT date_key,
       d,
       CAST(substr(d, 1, 4) AS INTEGER),
       substr(d, 1, 7),
       CAST(substr(d, 6, 2) AS INTEGER),
       CAST(substr(d, 9, 2) AS INTEGER),
       CAST(strftime('%w', d) AS INTEGER)
FROM (SELECT date_key, date(min(event_time), 'unixepoch') AS d
      FROM fact_page_visit
      GROUP BY date_key);
