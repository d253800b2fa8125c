-- Closed-loop reads for a fixed time: a consumer's queue status (GET /api/v1/queues/{id}/status, a random
-- joined consumer per request), or, with no queue given, the trivial ceiling request (the grants' JWKS).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local common = require("common")
local threads = {}
local counter = 0
-- done() runs in wrk's main Lua state, where init() never ran: the phase name comes from the environment.
local phase = os.getenv("BENCH_PHASE") or "read"

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  key = args[2]
  queue = args[3]
  if queue ~= "" then
    tokens = common.load_tokens(args[4], tonumber(args[5]), id)
    path = "/api/v1/queues/" .. queue .. "/status"
  else
    path = "/api/v1/.well-known/jwks.json"
  end
  math.randomseed(id * 7919)
  errors = 0
  s503 = 0
end

function request()
  local headers = { ["X-Publishable-Key"] = key }
  if queue ~= "" then
    headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if status == 503 then
      s503 = s503 + 1
    end
  end
end

function done(summary, latency, requests)
  common.summary(phase, summary, latency, threads)
end
