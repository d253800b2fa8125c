-- Guest sessions measured (POST /api/v1/auth/guest) for a fixed time at the run's connections: sessions/s, latency,
-- and the answers that were not 201 (503s counted apart: a starved pool or an open breaker under the burst).
-- The tokens are not kept (guests.lua makes the consumers of the burst). Argument: the publishable key.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local common = require("common")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  request_body = wrk.format("POST", "/api/v1/auth/guest", { ["X-Publishable-Key"] = args[1] })
  errors = 0
  s503 = 0
end

function request()
  return request_body
end

function response(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
    if status == 503 then
      s503 = s503 + 1
    end
  end
end

function done(summary, latency, requests)
  common.summary("sessions", summary, latency, threads)
end
