-- Folds one SDK event into an end user's Spotlight state, exactly once per event id.
-- KEYS[1] the user's state hash, KEYS[2] the event's guard key (same hash tag, so one slot on a cluster).
-- ARGV[1] guard TTL (s), ARGV[2] state TTL (s), then triples: op (set | incr | max), field, value.
-- Guard and writes happen atomically: a redelivered event finds the guard and changes nothing, and a failed run
-- leaves neither behind, so the redelivery applies it.
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', tonumber(ARGV[1])) then
  return 0
end
local i = 3
while i + 2 <= #ARGV do
  local op, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'set' then
    redis.call('HSET', KEYS[1], field, value)
  elseif op == 'incr' then
    redis.call('HINCRBY', KEYS[1], field, 1)
  elseif op == 'max' then
    local current = tonumber(redis.call('HGET', KEYS[1], field) or '0') or 0
    if tonumber(value) > current then
      redis.call('HSET', KEYS[1], field, value)
    end
  end
  i = i + 3
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
