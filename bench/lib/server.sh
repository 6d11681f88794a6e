# Shared by the benchmark scripts: start the run command on a fresh data directory, find its
# processes, stop it. Everything listens on loopback; everything started here is stopped by PID.
# shellcheck shell=bash

BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$BENCH_HOME/bin/lib/common.sh"

BENCH_PORT="${BENCH_PORT:-18000}"
BENCH_S3_PORT="${BENCH_S3_PORT:-18001}"
BENCH_URL="http://127.0.0.1:$BENCH_PORT"
BENCH_RESULTS="$BENCH_HOME/bench/results"

bench_prepare() {
  require_jdk
  if needs_build; then
    require_maven
    echo "Building first (not timed)..."
    (cd "$BENCH_HOME" && mvn -B -q -DskipTests package)
  fi
  command -v wrk >/dev/null || { echo "The benchmarks need wrk (apt-get install wrk)." >&2; exit 1; }
  mkdir -p "$BENCH_RESULTS"
}

# Starts ./bin/tasks-server on a new data directory and waits for /health/ready.
# Sets BENCH_SERVER_PID, BENCH_KEY, BENCH_DATA and BENCH_COLD_START_MS.
bench_start_server() {
  BENCH_DATA="$(mktemp -d "${TMPDIR:-/tmp}/tasks-bench.XXXXXX")"
  local out="$BENCH_DATA/run.out" started now
  started=$(date +%s%N)
  TASKS_DATA_DIR="$BENCH_DATA" TASKS_HTTP_PORT="$BENCH_PORT" TASKS_S3_EMBEDDED_PORT="$BENCH_S3_PORT" \
    "$BENCH_HOME/bin/tasks-server" >"$out" 2>&1 &
  BENCH_SERVER_PID=$!
  trap bench_stop_server EXIT
  for _ in $(seq 1 1200); do
    if http_ready 127.0.0.1 "$BENCH_PORT"; then
      now=$(date +%s%N)
      BENCH_COLD_START_MS=$(( (now - started) / 1000000 ))
      break
    fi
    kill -0 "$BENCH_SERVER_PID" 2>/dev/null || { cat "$out"; echo "The server exited during start-up." >&2; exit 1; }
    sleep 0.05
  done
  [[ -n "${BENCH_COLD_START_MS:-}" ]] || { echo "The server did not become ready." >&2; exit 1; }
  for _ in $(seq 1 100); do
    BENCH_KEY="$(grep -o 'phx_[A-Za-z0-9]*' "$out" | head -n 1 || true)"
    [[ -n "$BENCH_KEY" ]] && break
    sleep 0.1
  done
  [[ -n "$BENCH_KEY" ]] || { echo "No bootstrap key was printed." >&2; exit 1; }
}

# The PID of the Payara Micro JVM the run command started.
bench_server_jvm_pid() {
  local child
  for child in $(pgrep -P "$BENCH_SERVER_PID"); do
    if tr '\0' ' ' <"/proc/$child/cmdline" | grep -q -e payara-micro.jar -e launch-micro.jar; then
      echo "$child"
      return 0
    fi
  done
  return 1
}

# Resident memory of the Payara Micro JVM, in MiB.
bench_server_rss_mib() {
  bench_rss_mib "$(bench_server_jvm_pid)"
}

# Resident memory of process $1, in MiB.
bench_rss_mib() {
  awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"
}

bench_stop_server() {
  if [[ -n "${BENCH_SERVER_PID:-}" ]]; then
    kill -TERM "$BENCH_SERVER_PID" 2>/dev/null || true
    wait "$BENCH_SERVER_PID" 2>/dev/null || true
    BENCH_SERVER_PID=""
  fi
  [[ -n "${BENCH_DATA:-}" ]] && rm -rf "$BENCH_DATA"
  BENCH_DATA=""
}

# Requests per second of one wrk run: bench_rps <seconds> <connections> <url> [wrk options...], with
# BENCH_RPS_THREADS wrk threads (2). Fails when any response was not 2xx/3xx or a socket error
# occurred: such a figure would be wrong.
bench_rps() {
  local seconds="$1" connections="$2" url="$3" output
  shift 3
  output="$(wrk -t"${BENCH_RPS_THREADS:-2}" -c"$connections" -d"${seconds}s" "$@" "$url")"
  if grep -qE "Non-2xx|Socket errors" <<<"$output"; then
    echo "wrk saw failed requests on $url:" >&2
    echo "$output" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$output"
}

bench_machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
}
