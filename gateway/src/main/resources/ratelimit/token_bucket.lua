-- Token buckets, all checked and charged atomically in one call.
-- KEYS[i]: one bucket (hash: tokens, ts). All keys share one hash tag, so this works on Redis Cluster.
-- ARGV[2i-1]: capacity, ARGV[2i]: refill rate in tokens per second.
-- The request passes only if every bucket holds a token; then every bucket pays one.
-- Returns {allowed, now_seconds, then per bucket: remaining, ms_until_full, ms_until_next_token}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tokens = {}
local allowed = 1
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local level = tonumber(state[1])
  local ts = tonumber(state[2])
  if level == nil or ts == nil then
    level = capacity
    ts = now
  end
  local elapsed = now - ts
  if elapsed < 0 then elapsed = 0 end
  level = math.min(capacity, level + elapsed * rate / 1000000)
  tokens[i] = level
  if level < 1 then allowed = 0 end
end
local result = {allowed, tonumber(time[1])}
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local level = tokens[i]
  if allowed == 1 then level = level - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(level), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(capacity / rate * 1000) + 1000)
  local next_token = 0
  if level < 1 then next_token = math.ceil((1 - level) / rate * 1000) end
  result[#result + 1] = math.floor(level)
  result[#result + 1] = math.ceil((capacity - level) / rate * 1000)
  result[#result + 1] = next_token
end
return result
