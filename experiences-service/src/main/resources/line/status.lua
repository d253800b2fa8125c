-- A consumer's place in one queue, in one round trip and without PostgreSQL.
-- KEYS: meta, line, state, grants   ARGV: consumer
-- Returns {-1} index missing (rebuild), {0} unknown here, {1, position}, {2, grant}, {3, state letter}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1}
end
local state = redis.call('HGET', KEYS[3], ARGV[1])
if not state then
  return {0}
end
if state == 'Q' then
  local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  if not rank then
    return {0}
  end
  return {1, rank + 1}
end
if state == 'G' then
  return {2, redis.call('HGET', KEYS[4], ARGV[1]) or ''}
end
return {3, state}
