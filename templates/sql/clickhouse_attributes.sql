-- How many distinct values each user attribute has, for the default
-- dimensions (an attribute with 2 to 50 values is one): one row, a column
-- per attribute in {{users}}'s order, the count or 51 for "more than 50".
-- uniqUpTo(50) keeps at most 50 values per shard, so the states that cross
-- the network are small whatever the attribute; values repeat across shards,
-- so the initiator merges those states (no distributed_group_by_no_merge).
SELECT count() AS _fr_rows{{#columns}}, uniqUpTo(50)({{column}}) AS _fr_a{{index}}{{/columns}}
FROM {{users}}
