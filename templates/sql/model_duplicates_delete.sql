-- model: an exact duplicate (same user, step and time) counts once. The
-- per-user pass staged the keys of the later ones; one statement deletes
-- them in key order, so each page of the facts is read and written once
-- (keys deleted as the pass finds them, user by user, are all over the
-- table: a page read back and written again for each).
DELETE FROM fact_page_visit WHERE visit_key IN (SELECT visit_key FROM stg_visit_repeat);
