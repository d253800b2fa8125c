-- The burst: every request is a different guest consumer entering the draw once
-- (POST /api/v1/draws/{id}/enter). A thread stops when its share of the consumers has joined.
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
  local all = common.load_tokens(args[1], tonumber(args[2]), id)
  local nthreads = tonumber(args[3])
  mine = {}
  for i = id, #all, nthreads do
    table.insert(mine, all[i])
  end
  path = "/api/v1/draws/" .. args[4] .. "/enter"
  dir = args[1]
  key = args[5]
  sent = 0
  answered = 0
  errors = 0
end

function request()
  sent = sent + 1
  local token = mine[((sent - 1) % #mine) + 1]
  return wrk.format("POST", path, { ["X-Publishable-Key"] = key, ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then
    errors = errors + 1
  end
  if answered >= #mine then
    io.open(dir .. "/joined-" .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  common.summary("enter", summary, latency, threads)
end
