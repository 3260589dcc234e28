-- wrk script of the rotating benchmark: every request asks for a path drawn at
-- random from a file of paths, one a line (bench/pools.py writes them).
--
--   wrk --latency -t1 -c4 -d15s -s bench/rotating.lua http://127.0.0.1:8001 -- FILE
--   BENCH_PATHS=FILE wrk ... -s bench/rotating.lua http://127.0.0.1:8001
--
-- At the end it prints lines for bench/wrk.py to read:
--   rotating: responses N cache-hits H cache-misses M
--   rotating: status CODE COUNT        (one per status other than 2xx)
-- Cache hits and misses are the page cache's X-Cache header; wrk itself counts
-- only 4xx and 5xx as errors, so 1xx and 3xx are counted here.

local threads = {}

function setup(thread)
  -- Runs in wrk's main Lua state, before the thread's init: numbers the threads.
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  -- wrk 4.1 passes init the URL as args[0], then what follows `--`.
  local file = args[1] or os.getenv("BENCH_PATHS")
  if not file then
    error("rotating.lua: name the paths file (wrk ... URL -- FILE, or BENCH_PATHS)")
  end
  paths = {}
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("rotating.lua: no paths in " .. file)
  end
  -- Each thread its own sequence, and each run a different one.
  math.randomseed(os.time() * 100 + (thread_id or 0))
  responses, hits, misses, statuses = 0, 0, 0, {}
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    statuses[status] = (statuses[status] or 0) + 1
  end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local total, total_hits, total_misses, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    total = total + (thread:get("responses") or 0)
    total_hits = total_hits + (thread:get("hits") or 0)
    total_misses = total_misses + (thread:get("misses") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  io.write(string.format("rotating: responses %d cache-hits %d cache-misses %d\n",
    total, total_hits, total_misses))
  for status, count in pairs(by_status) do
    io.write(string.format("rotating: status %d %d\n", status, count))
  end
end
