-- Closed-loop POST /api/v1/analytics/query through the gateway: 10 measures over 90 days at a 1-day interval in
-- Europe/Berlin (the seeded types), with the organization's secret key.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local common = require("common")
local threads = {}
local counter = 0
local phase = os.getenv("BENCH_PHASE") or "analytics"

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  secret = args[1]
  -- "context": args[1] is a signed internal context, for measuring analytics-service alone (no gateway).
  direct = args[2] == "context"
  errors = 0
  local measures = {}
  local types = { "queue_entered", "queue_granted", "queue_completed", "queue_left", "draw_entered", "draw_won",
                  "bid_placed", "order_created" }
  for i, t in ipairs(types) do
    table.insert(measures, string.format('{"name":"m%d","unit":"count","op":"count","event":"%s"}', i, t))
  end
  table.insert(measures, '{"name":"revenue","unit":"currency","op":"sum","event":"order_created","field":"amount"}')
  table.insert(measures, '{"name":"aov","unit":"currency","op":"avg","event":"order_created","field":"amount"}')
  body = '{"measures":[' .. table.concat(measures, ",") .. '],"interval":"1d","timeRange":"90d","timezone":"Europe/Berlin"}'
end

function request()
  local headers = { ["Content-Type"] = "application/json" }
  if direct then
    headers["X-Dropline-Context"] = secret
  else
    headers["Authorization"] = "Bearer " .. secret
  end
  return wrk.format("POST", "/api/v1/analytics/query", headers, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  common.summary(phase, summary, latency, threads)
end
