-- One admission tick of one queue, atomic and replica-safe (design/waiting-room.md).
-- Any number of instances may call it at any time: the allowance is computed from Redis's own clock and the
-- last tick's time, so together they admit exactly `rate` per minute, evenly, never beyond `max`.
-- KEYS: meta, line, granting, state
-- ARGV: rate per minute, max total admissions (-1 = unlimited), stopped (1/0), most to pop at once
-- Returns {-1} index missing, or {n, waiting, capped, consumer1, ..., consumerN}: n consumers moved from the line to
-- `granting`, how many still wait in the line after them, and 1 when maxAdmissions is reached (else 0); waiting and
-- capped feed the engine's gauges (AdmissionTicker), read here at no extra round trip.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or now)
local carry = tonumber(redis.call('HGET', KEYS[1], 'carry') or '0')
local admitted = tonumber(redis.call('HGET', KEYS[1], 'admitted') or '0')
redis.call('HSET', KEYS[1], 'last', now)
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], 'carry', '0')
  return {0, redis.call('ZCARD', KEYS[2]), (max >= 0 and admitted >= max) and 1 or 0}
end
local elapsed = now - last
if elapsed < 0 then
  elapsed = 0
end
local allowance = carry + elapsed * rate / 60000.0
-- Never bank more than about a second of admissions: after an idle spell or a late tick the line
-- moves at the configured pace, not in a burst.
local ceiling = rate / 60.0 + 1
if allowance > ceiling then
  allowance = ceiling
end
local k = math.floor(allowance)
local limited = false
if max >= 0 and k > max - admitted then
  k = math.max(0, max - admitted)
  limited = true
end
local waiting = redis.call('ZCARD', KEYS[2])
if k > waiting then
  k = waiting
  limited = true
end
if k > tonumber(ARGV[4]) then
  k = tonumber(ARGV[4])
end
local rest = allowance - k
if limited and rest > 1 then
  rest = 1
end
redis.call('HSET', KEYS[1], 'carry', tostring(rest))
if k <= 0 then
  return {0, waiting, (max >= 0 and admitted >= max) and 1 or 0}
end
local popped = redis.call('ZPOPMIN', KEYS[2], k)
local out = {0, 0, 0}
for i = 1, #popped, 2 do
  redis.call('ZADD', KEYS[3], now, popped[i])
  redis.call('HSET', KEYS[4], popped[i], 'A')
  out[#out + 1] = popped[i]
end
out[1] = #out - 3
out[2] = waiting - out[1]
out[3] = (max >= 0 and admitted + out[1] >= max) and 1 or 0
redis.call('HINCRBY', KEYS[1], 'admitted', out[1])
return out
