-- How many distinct values each user attribute has, for the default
-- dimensions (an attribute with 2 to {{max_values}} values is one): one row, a
-- column per attribute in {{users}}'s order, the count, or {{max_values}} + 1
-- for "more than {{max_values}}". uniqUpTo({{max_values}}) keeps at most {{max_values}} values per shard, so
-- the states that cross the network are small whatever the attribute; a
-- dimension named with --dims is counted exactly. Values repeat across
-- shards, so the initiator merges those states (no
-- distributed_group_by_no_merge).
SELECT count() AS _fr_rows{{#columns}}, {{#exact}}uniqExact{{/exact}}{{^exact}}uniqUpTo({{max_values}}){{/exact}}({{column}}) AS _fr_a{{index}}{{/columns}}
FROM {{users}}
SETTINGS
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
