-- Closed-loop POST /v1/sdk/eligible for a fixed time: a random end user of a pool (with traits) on a random page,
-- or, with phase "ceiling", the trivial request through the gateway (the grants' JWKS with the publishable key).
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local common = require("common")
local threads = {}
local counter = 0
local phase = os.getenv("BENCH_PHASE") or "eligible"

local pages = {
  "https://app.example.com/dashboard", "https://app.example.com/dashboard/reports?tab=weekly",
  "https://app.example.com/projects/42/settings", "https://app.example.com/billing",
  "https://app.example.com/admin/users", "https://app.example.com/",
}
local plans = { "free", "pro", "enterprise" }

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  key = args[2]
  users = tonumber(args[3] or "10000")
  math.randomseed(id * 7919)
  errors = 0
end

function request()
  if mode == "ceiling" then
    return wrk.format("GET", "/api/v1/.well-known/jwks.json", { ["X-Publishable-Key"] = key })
  end
  local user = math.random(users)
  local body = string.format(
    '{"url":"%s","user":{"id":"user-%d","traits":{"plan":"%s","seats":%d}},"session_id":"s-%d"}',
    pages[math.random(#pages)], user, plans[user % 3 + 1], user % 50, user)
  return wrk.format("POST", "/v1/sdk/eligible",
    { ["X-API-Key"] = key, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  common.summary(phase, summary, latency, threads)
end
