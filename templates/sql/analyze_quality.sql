SELECT count(*),
       coalesce(sum(level = 0), 0),
       coalesce(sum(out_of_order), 0)
FROM fact_user_funnel;
