-- wrk script for scripts/bench/load.py. Arguments after `--`: a file of Cookie header values,
-- one signed-in session a line. Requests go round the sessions in turn, so ten connections are
-- ten people rather than one session locked by ten requests at once. At the end, one line of
-- JSON (prefixed WRK_JSON) with the counts and latency percentiles in microseconds.
local requests = {}
local next_one = 0
local threads = 0

-- Runs in wrk's main state, once per thread: each thread learns its number (`offset`).
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  local cookies = {}
  if args[1] then
    for line in io.lines(args[1]) do
      if line ~= "" then cookies[#cookies + 1] = line end
    end
  end
  if #cookies == 0 then cookies[1] = "" end
  for i, cookie in ipairs(cookies) do
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    requests[i] = wrk.format("GET", nil, headers)
  end
  -- Each thread starts at a different session (offset: set by setup above).
  next_one = ((offset or 0) * 5) % #requests
end

function request()
  next_one = next_one % #requests + 1
  return requests[next_one]
end

function done(summary, latency, requests_stats)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
