-- wrk script for bench/run: cycles over pre-made POST requests, one per line of a file.
--   wrk ... -s bench/requests.lua <url> -- <file> <path> <threads>
-- A line is: content-type TAB x-slack-request-timestamp TAB x-slack-signature TAB body
-- (timestamp and signature empty for a Teams activity). Thread k of n takes lines k, k+n, ...,
-- so no two threads send the same body (distinct trigger_ids and activity ids). The requests
-- are formatted once, in init, so the loop only hands them out. done() prints one line that
-- the benchmark parses.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local next_request = 0

function init(args)
  local file, path, nthreads = args[1], args[2], tonumber(args[3])
  local n = 0
  for line in io.lines(file) do
    if n % nthreads == index then
      local ct, ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = { ["Content-Type"] = ct }
      if ts ~= "" then
        headers["X-Slack-Request-Timestamp"] = ts
        headers["X-Slack-Signature"] = sig
      end
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
    end
    n = n + 1
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function done(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
