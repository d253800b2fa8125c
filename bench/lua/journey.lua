-- The whole new visitor's journey, for a fixed time: a guest session (POST /api/v1/auth/guest, 201), then joining a
-- queue with the token just received (POST /api/v1/queues/{id}/enter, 200). Prints visitors/s (journeys that ended
-- with the join acknowledged) and the latency of the pair, from sending the session request to the join's answer
-- (it includes the wait of the join for a free connection, as a visitor's browser would wait).
-- wrk does not say which connection an answer belongs to, so every request carries an X-Request-Id ("g<n>" for the
-- session, "j<n>" for the join of visitor n), which the gateway echoes. An answer without it (a bare error) counts
-- as a failed journey. Arguments: the publishable key, the queue's id.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  key = args[1]
  enter = "/api/v1/queues/" .. args[2] .. "/enter"
  visitors = 0       -- sessions asked for
  started = {}       -- visitor -> when its session request was made
  ready = {}         -- visitors whose session came, waiting for a connection to join: { n, token }
  latencies = {}     -- microseconds, one per visitor whose join was acknowledged
  joined = 0
  failed_sessions = 0
  failed_joins = 0
  unmatched = 0
  s503 = 0
  errors = 0
end

function request()
  local next_join = table.remove(ready, 1)
  if next_join then
    return wrk.format("POST", enter, { ["X-Publishable-Key"] = key, ["Authorization"] = "Bearer " .. next_join[2],
                                       ["X-Request-Id"] = "j" .. id .. "-" .. next_join[1] })
  end
  visitors = visitors + 1
  started[visitors] = now_us()
  return wrk.format("POST", "/api/v1/auth/guest", { ["X-Publishable-Key"] = key, ["X-Request-Id"] = "g" .. id .. "-" .. visitors })
end

function response(status, headers, body)
  local request_id = headers["X-Request-Id"] or headers["x-request-id"] or ""
  local kind, n = string.match(request_id, "^([gj])%d+%-(%d+)$")
  if status == 503 then
    s503 = s503 + 1
  end
  if not kind then
    unmatched = unmatched + 1
    errors = errors + 1
    return
  end
  n = tonumber(n)
  if kind == "g" then
    local token = status == 201 and string.match(body, '"accessToken"%s*:%s*"([^"]+)"')
    if token then
      table.insert(ready, { n, token })
    else
      failed_sessions = failed_sessions + 1
      errors = errors + 1
      started[n] = nil
    end
  else
    if status == 200 then
      joined = joined + 1
      latencies[joined] = now_us() - started[n]
    else
      failed_joins = failed_joins + 1
      errors = errors + 1
    end
    started[n] = nil
  end
end

function done(summary, latency, requests)
  local all, failed_s, failed_j, unmatched_total, s503_total = {}, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    for _, us in ipairs(t:get("latencies")) do
      table.insert(all, us)
    end
    failed_s = failed_s + t:get("failed_sessions")
    failed_j = failed_j + t:get("failed_joins")
    unmatched_total = unmatched_total + t:get("unmatched")
    s503_total = s503_total + t:get("s503")
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then return 0 end
    return all[math.max(1, math.ceil(#all * p / 100))] / 1000
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"name":"journey","visitors":%d,"seconds":%.2f,"visitorsPerSecond":%.1f,"requests":%d,"failedSessions":%d,' ..
    '"failedJoins":%d,"unmatched":%d,"status503":%d,"socketErrors":%d,"p50ms":%.2f,"p90ms":%.2f,"p99ms":%.2f,' ..
    '"p999ms":%.2f,"maxms":%.2f}\n',
    #all, seconds, #all / seconds, summary.requests, failed_s, failed_j, unmatched_total, s503_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    pct(50), pct(90), pct(99), pct(99.9), #all > 0 and all[#all] / 1000 or 0))
end
