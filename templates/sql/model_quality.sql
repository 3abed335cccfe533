-- model: what the load kept and what it set aside.
SELECT
    (SELECT count(*) FROM stg_user)                         AS users_read,
    (SELECT count(*) FROM dim_user)                         AS users,
    (SELECT count(*) FROM stg_event)                        AS events_read,
    (SELECT count(*) FROM stg_event AS e
      WHERE NOT EXISTS (SELECT 1 FROM dim_step AS s WHERE s.step = e.page))
                                                            AS unknown_page_events,
    (SELECT count(*) FROM stg_event AS e
      WHERE EXISTS (SELECT 1 FROM dim_step AS s WHERE s.step = e.page)
        AND NOT EXISTS (SELECT 1 FROM dim_user AS u WHERE u.user_id = e.user_id))
                                                            AS unknown_user_events,
    (SELECT count(*) FROM stg_event AS e
      JOIN dim_step AS s ON s.step = e.page
      JOIN dim_user AS u ON u.user_id = e.user_id
      WHERE coalesce(e.event_time, u.signup_time) < u.signup_time)
                                                            AS events_before_signup,
    (SELECT count(*) FROM fact_page_visit)                  AS page_visits,
    (SELECT min(event_time) FROM fact_page_visit)           AS first_event,
    (SELECT max(event_time) FROM fact_page_visit)           AS last_event;
