-- wrk script of bench/runs-benchmarks' throughput measure: every thread has one connection and
-- appends the same body (env BENCH_BODY, a file) to a run of its own (env BENCH_RUNS, one path per
-- line, as many as threads), so no two requests wait on one run's lock.
local paths = {}
for path in io.lines(os.getenv("BENCH_RUNS")) do
  paths[#paths + 1] = path .. "append_log/"
end
local next_path = 0

function setup(thread)
  next_path = next_path + 1
  thread:set("path", paths[next_path])
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  return wrk.format(nil, path)
end
