-- Ends a query funnel-report gave up on (its deadline passed, or a signal
-- came): a query goes on running after its HTTP client has gone, and a
-- readonly = 2 user may end its own. ASYNC: a frozen shard must not hold
-- this one too.
KILL QUERY WHERE query_id = {{query_id}} ASYNC
