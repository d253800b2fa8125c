-- The hot auction: every connection bids on one English auction (POST /api/v1/auctions/{id}/bid) for a fixed time,
-- a random guest consumer per request. Each thread bids the minimumNextBid of the last accepted answer it saw; a
-- rejected bid (400: another bid got there first) raises its guess by one to three increments. Accepted (200) and
-- rejected (400) are counted apart; anything else is an error.
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
  tokens = common.load_tokens(args[1], tonumber(args[2]), id)
  path = "/api/v1/auctions/" .. args[3] .. "/bid"
  key = args[4]
  increment = tonumber(args[5])
  next_bid = tonumber(args[6])
  math.randomseed(id * 7919)
  accepted = 0
  rejected = 0
  errors = 0
end

function request()
  local body = string.format('{"amount":"%.2f"}', next_bid)
  return wrk.format("POST", path, { ["X-Publishable-Key"] = key, ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 200 then
    accepted = accepted + 1
    local minimum = body:match('"minimumNextBid":"([0-9.]+)"')
    if minimum then
      next_bid = tonumber(minimum)
    else
      next_bid = next_bid + increment
    end
  elseif status == 400 then
    rejected = rejected + 1
    next_bid = next_bid + increment * math.random(1, 3)
  else
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local accepted_total, rejected_total = 0, 0
  for _, t in ipairs(threads) do
    accepted_total = accepted_total + (t:get("accepted") or 0)
    rejected_total = rejected_total + (t:get("rejected") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format('{"accepted":%d,"rejected":%d,"acceptedPerSecond":%.1f}\n', accepted_total, rejected_total,
    accepted_total / seconds))
  common.summary("bid", summary, latency, threads)
end
