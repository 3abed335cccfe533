INSERT INTO fact_user_funnel (user_key, entry_time, entry_month, level, out_of_order)
VALUES (?1, ?2, ?3, ?4, ?5);
