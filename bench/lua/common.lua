-- Shared by the measuring scripts: token files, per-thread error counts (non-2xx, and 503 apart) and a JSON summary line.
local M = {}

function M.load_tokens(dir, threads, id)
  local tokens = {}
  for t = 1, threads do
    local file = io.open(dir .. "/tokens-" .. t .. ".txt", "r")
    if file then
      for line in file:lines() do
        table.insert(tokens, line)
      end
      file:close()
    end
  end
  return tokens
end

function M.summary(name, summary, latency, threads)
  local errors, s503 = 0, 0
  for _, t in ipairs(threads) do
    errors = errors + (t:get("errors") or 0)
    s503 = s503 + (t:get("s503") or 0)  -- counted by the scripts that keep a "s503" global
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"name":"%s","requests":%d,"seconds":%.2f,"rps":%.1f,"non2xx":%d,"status503":%d,"socketErrors":%d,' ..
    '"p50ms":%.2f,"p90ms":%.2f,"p99ms":%.2f,"p999ms":%.2f,"maxms":%.2f}\n',
    name, summary.requests, seconds, summary.requests / seconds, errors, s503,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end

return M
