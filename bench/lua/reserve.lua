-- Closed-loop reservations of one hot variant: POST /api/v1/products/{p}/variants/{v}/reservations (secret key).
-- Every answer but 201 counts as an error; the stock is large enough that none should sell out.
package.path = package.path .. ";" .. os.getenv("BENCH_LUA") .. "/?.lua"
local common = require("common")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  key = args[1]
  path = "/api/v1/products/" .. args[2] .. "/variants/" .. args[3] .. "/reservations"
  body = '{"quantity":1,"expiresInSeconds":' .. args[4] .. '}'
  errors = 0
end

function request()
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  common.summary("reservations", summary, latency, threads)
end
