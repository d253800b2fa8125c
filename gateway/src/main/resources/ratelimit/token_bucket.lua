-- Token buckets, all checked and charged atomically in one call.
-- KEYS[i]: one bucket (hash: tokens, ts). All keys share one hash tag, so this works on Redis Cluster.
-- ARGV[4i-3]: capacity, ARGV[4i-2]: refill rate in tokens per second, ARGV[4i-1]: 1 when the request needs a token
-- of this bucket, 0 when it only renews the gateway's lease of it, ARGV[4i]: tokens wanted (the request's own and
-- those the gateway leases ahead, docs/adr/0030-leased-rate-limit-tokens.md).
-- The request passes only if every needed bucket holds a token; then every bucket pays what it holds of the wanted.
-- Returns {allowed, now_seconds, then per bucket: remaining, ms_until_full, ms_until_next_token (0 for a bucket the
-- request did not need), then per bucket: tokens granted (0 when refused)}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tokens = {}
local allowed = 1
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[4 * i - 3])
  local rate = tonumber(ARGV[4 * i - 2])
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
  if level < 1 and ARGV[4 * i - 1] == '1' then allowed = 0 end
end
local result = {allowed, tonumber(time[1])}
local granted = {}
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[4 * i - 3])
  local rate = tonumber(ARGV[4 * i - 2])
  local level = tokens[i]
  granted[i] = 0
  if allowed == 1 then
    granted[i] = math.min(tonumber(ARGV[4 * i]), math.floor(level))
    level = level - granted[i]
  end
  redis.call('HSET', KEYS[i], 'tokens', tostring(level), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(capacity / rate * 1000) + 1000)
  local next_token = 0
  if level < 1 and ARGV[4 * i - 1] == '1' then next_token = math.ceil((1 - level) / rate * 1000) end
  result[#result + 1] = math.floor(level)
  result[#result + 1] = math.ceil((capacity - level) / rate * 1000)
  result[#result + 1] = next_token
end
for i = 1, #KEYS do
  result[#result + 1] = granted[i]
end
return result
