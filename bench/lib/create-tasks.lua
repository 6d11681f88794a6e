-- wrk script: each thread POSTs tasks until it has created its share, then stops.
-- Share per thread = env TASKS_PER_THREAD; one connection per thread, so nothing overshoots.
-- wrk keeps running until its duration ends even when every thread has stopped.
local per_thread = tonumber(os.getenv("TASKS_PER_THREAD") or "5000")
local created = 0
local failed = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  local n = created
  return wrk.format(nil, nil, nil,
    string.format('{"title":"Benchmark task %d","description":"Seeded by bench/api-read-throughput","repository":"bench/repo-%d"}', n, n % 20))
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    failed = failed + 1
    if failed > 10 then
      wrk.thread:stop()
    end
  end
  if created >= per_thread then
    wrk.thread:stop()
  end
end
