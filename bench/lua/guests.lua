-- Creates guest sessions (POST /api/v1/auth/guest) and appends each access token to tokens-<thread>.txt.
-- Each thread stops after its share of `quota` tokens.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  quota = tonumber(args[1]) / tonumber(args[2])
  dir = args[3]
  out = io.open(args[3] .. "/tokens-" .. id .. ".txt", "w")
  made = 0
  failed = 0
  request_body = wrk.format("POST", "/api/v1/auth/guest", { ["X-Publishable-Key"] = args[4] })
end

function request()
  return request_body
end

function response(status, headers, body)
  if made >= quota then
    return  -- answers still in flight after this thread's share was made
  end
  if status == 201 then
    local token = string.match(body, '"accessToken"%s*:%s*"([^"]+)"')
    if token then
      out:write(token, "\n")
      made = made + 1
    end
  else
    failed = failed + 1
  end
  if made >= quota then
    out:close()
    io.open(dir .. "/done-" .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local made_total, failed_total = 0, 0
  for _, t in ipairs(threads) do
    made_total = made_total + t:get("made")
    failed_total = failed_total + t:get("failed")
  end
  io.write(string.format('{"sessions":%d,"failed":%d}\n', made_total, failed_total))
end
