-- The burst: every request is a different guest consumer entering a distribution once
-- (POST /api/v1/{queues|draws|...}/{id}/enter). A thread stops when its share of the consumers has entered.
-- Arguments: token directory, token files, threads, the distribution's path ("queues/queue_…"), publishable key,
-- and the name the summary is printed under (default "join").
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
  path = "/api/v1/" .. args[4] .. "/enter"
  name = args[6] or "join"
  dir = args[1]
  key = args[5]
  sent = 0
  answered = 0
  errors = 0
  s503 = 0
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
    if status == 503 then
      s503 = s503 + 1
    end
  end
  if answered >= #mine then
    io.open(dir .. "/joined-" .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  common.summary(threads[1]:get("name"), summary, latency, threads)
end
