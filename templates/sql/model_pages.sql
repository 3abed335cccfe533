-- model: the pages the events name, most visited first, for the error
-- that asks for --steps.
SELECT page, count(*) AS events
FROM stg_event
GROUP BY page
ORDER BY events DESC, page
LIMIT 30;
