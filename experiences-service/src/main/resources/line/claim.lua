-- Claims members of a time-scored set whose score is at most now - ARGV[1] ms, so exactly one instance
-- handles each: used for entries stuck in `granting` (their instance died) and for expired grants.
-- KEYS: the sorted set   ARGV: age in ms, most to claim, lease in ms   Returns the claimed members.
-- A claimed member is re-scored so that it becomes due again only `age + lease` ms from now, i.e. only if
-- the claiming instance fails to finish it.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), member)
end
return due
