-- Mirrors one committed batch of joins into a queue's index, atomically, and answers each joiner's position
-- (design/waiting-room.md, "Join" step 3): a join is answered from this write, not from a second read.
-- KEYS: meta, line, state, granting
-- ARGV: consumer1, seq1, consumer2, seq2, ... (the batch's entries the record holds as QUEUED, with arrival numbers)
-- Returns {-1} when the index is missing: nothing is written (no partial index without meta), the caller rebuilds
-- from the record; otherwise {0, position1, position2, ...} in ARGV order, position = ZRANK + 1 as in status.lua.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1}
end
for i = 1, #ARGV, 2 do
  redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], 'Q')
  redis.call('ZREM', KEYS[4], ARGV[i])
end
local out = {0}
for i = 1, #ARGV, 2 do
  local rank = redis.call('ZRANK', KEYS[2], ARGV[i])
  out[#out + 1] = rank and rank + 1 or 0
end
return out
