-- Folds one SDK event into an end user's Spotlight state, exactly once per event id.
-- KEYS[1] the user's state hash, KEYS[2] the event's guard key (same hash tag, so one slot on a cluster).
-- ARGV[1] guard TTL (s), ARGV[2] state TTL (s), then triples: op (set | incr | max), field, value.
-- Redis does not roll a script back when a command in it fails: writes made before the error stay. So everything
-- that could fail is checked first, with reads only, and the guard is written last. A run that errors leaves no
-- guard (the redelivery applies the event) and no partial write; a run that returns 1 has written both. Scripts run
-- atomically, so checking the guard with EXISTS first and setting it at the end is as idempotent as SET NX was.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
local function seconds(text)
  local n = tonumber(text)
  return n and n > 0 and n < 1e12 and n == math.floor(n) and n or nil
end
local guardTtl, stateTtl = seconds(ARGV[1]), seconds(ARGV[2])
if not guardTtl or not stateTtl or (#ARGV - 2) % 3 ~= 0 then
  return redis.error_reply('ERR fold: bad TTLs or writes not in triples')
end
local stateType = redis.call('TYPE', KEYS[1])['ok']
if stateType ~= 'hash' and stateType ~= 'none' then
  return redis.error_reply('ERR fold: state key is a ' .. stateType)
end
for i = 3, #ARGV, 3 do
  local op, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'max' then
    if not tonumber(value) then
      return redis.error_reply('ERR fold: max needs a number for ' .. field)
    end
  elseif op == 'incr' then
    -- HINCRBY fails on a field that does not hold an integer.
    local current = redis.call('HGET', KEYS[1], field)
    if current and (#current > 18 or not string.match(current, '^-?%d+$')) then
      return redis.error_reply('ERR fold: incr on a non-integer field ' .. field)
    end
  elseif op ~= 'set' then
    return redis.error_reply('ERR fold: unknown op ' .. tostring(op))
  end
end
for i = 3, #ARGV, 3 do
  local op, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'set' then
    redis.call('HSET', KEYS[1], field, value)
  elseif op == 'incr' then
    redis.call('HINCRBY', KEYS[1], field, 1)
  else
    local current = tonumber(redis.call('HGET', KEYS[1], field) or '0') or 0
    if tonumber(value) > current then
      redis.call('HSET', KEYS[1], field, value)
    end
  end
end
redis.call('EXPIRE', KEYS[1], stateTtl)
redis.call('SET', KEYS[2], '1', 'EX', guardTtl)
return 1
