# Shared by bin/tasks-server and bin/tasks-test: find a JDK 21+, build what is missing.
# shellcheck shell=bash

TASKS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WAR="$TASKS_HOME/tasks-web/target/tasks-web.war"
RUNTIME="$TASKS_HOME/tasks-web/target/runtime"

java_major() {
  # Prints the feature version of the java binary $1 (e.g. 17, 21, 25), or nothing: from the release
  # file of its JDK when there is one (reading it is instant; starting a JVM for "java -version" took
  # 0.15 s here, once per JDK installed and twice more per start), else from "java -version".
  local release version=""
  release="$(dirname "$(dirname "$1")")/release"
  [[ -f "$release" ]] && version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release")"
  [[ -n "$version" ]] || version="$("$1" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
  [[ -n "$version" ]] || return 0
  # "1.8.0_392" is 8, "25.0.3" is 25, "26-ea" is 26.
  awk -v v="$version" 'BEGIN { split(v, p, "."); m = (p[1] == "1" ? p[2] : p[1]); sub(/[^0-9].*/, "", m); print m }'
}

jdk_identity() {
  # What identifies the JDK in $JAVA_HOME for the start-up cache: its release file (version, build,
  # vendor), else the output of "java -version".
  cat "$JAVA_HOME/release" 2>/dev/null || "$JAVA_HOME/bin/java" -version 2>&1
}

find_jdk() {
  # JAVA_HOME when it is a JDK 21+, else the newest JDK 21+ installed in the usual places.
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    local major
    major=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n "$major" && "$major" -ge 21 ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(java_major "$candidate/bin/java")
    if [[ -n "$major" && "$major" -ge 21 && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [[ -n "$best" ]]; then
    echo "$best"
    return 0
  fi
  return 1
}

require_jdk() {
  local jdk
  if ! jdk=$(find_jdk); then
    echo "The Tasks service needs a JDK 21 or newer, and none was found." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk, or Temurin 21/25 from adoptium.net)" >&2
    echo "or point JAVA_HOME at it, then run this command again." >&2
    exit 1
  fi
  export JAVA_HOME="$jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Building the Tasks service needs Apache Maven 3.8 or newer (apt-get install maven)." >&2
    exit 1
  fi
}

require_test_packages() {
  # Debian packages the tests use: bubblewrap (local sandboxes run inside it, and the tests check
  # that isolation) and Chromium with its driver (the browser test of the /docs page).
  local missing=()
  [[ -x /usr/bin/bwrap ]] || missing+=(bubblewrap)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (Debian packages) for the tests"
    apt-get install -y -q "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
  else
    echo "The tests need these Debian packages: apt-get install ${missing[*]}" >&2
    exit 1
  fi
}

needs_build() {
  # True when the WAR or the runtime jars are missing, or a source or POM is newer than the WAR.
  [[ -f "$WAR" && -f "$RUNTIME/payara-micro.jar" && -f "$RUNTIME/s3proxy.jar" ]] || return 0
  # Build output (where deployments unpack their own pom.xml files) and data are not sources.
  [[ -n "$(find "$TASKS_HOME" \( -path "$TASKS_HOME/data" -o -name target -o -name node_modules \) -prune \
      -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$WAR" -type f -print -quit 2>/dev/null)" ]]
}

# The server JVM's collector: G1, without unloading classes at the end of each concurrent cycle. With
# the runtime's tens of thousands of classes that unloading is most of the cycle's last pause (about
# 40 ms of 42 here, under the 1,000-stream fan-out, against 2 ms without it); the application's
# classes are loaded once, and a full collection still unloads what is unused.
SERVER_GC=(-XX:+UseG1GC -XX:-ClassUnloadingWithConcurrentMark)

# Start-up cache (JDK 25 and newer): Payara Micro's flat-classpath launcher, whose classes the JDK's
# ahead-of-time cache can hold, with the WAR's libraries moved onto that class path (StartLayout.java:
# the cache then holds their classes too, and the deployment no longer parses each of their classes);
# and that cache, recorded by one training start of the application on a throwaway data directory,
# with one of the embedded S3 server beside it. All of it lives under the build directory and is made
# again when the WAR, the runtime, S3Proxy, the JDK, the heap or SERVER_GC changes. The launcher's root directory is also where Payara keeps an instance's state (its
# configuration, the deployed application): it is put back as the launcher made it before every
# start, and one server at a time uses it (another starts the plain way).
# TASKS_START_CACHE=off always starts the plain way.
START_DIR="$RUNTIME/start"
START_ROOT="$START_DIR/micro-root"
START_LAUNCHER="$START_ROOT/launch-tasks.jar"
START_APP="$START_DIR/tasks-web"
START_CACHE="$START_DIR/tasks.aot"
START_S3_CACHE="$START_DIR/s3proxy.aot"

http_answers() {
  # True when GET $3 on $1:$2 answers with status $4. A bash socket and builtins only: the wait loops
  # of the run command and the benchmarks ask often during a start, and a curl process per question
  # cost 27 ms of CPU here, taken from the start they wait for.
  local status="" probe
  { exec {probe}<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 1
  # A peer that closes at once must not end this shell with SIGPIPE.
  trap '' PIPE
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&"$probe" 2>/dev/null || true
  trap - PIPE
  IFS= read -r -t 2 status <&"$probe" || true
  exec {probe}>&-
  [[ "$status" == "HTTP/1."?" $4"* ]]
}

http_ready() {
  # True when GET /health/ready on $1:$2 answers 200.
  http_answers "$1" "$2" /health/ready 200
}

port_answers() {
  # True when something accepts connections on loopback port $1.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  # A loopback port nothing answers on, below the kernel's ephemeral range.
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    port_answers "$port" || { echo "$port"; return 0; }
  done
}

reset_start_root() {
  # The root as --outputlauncher made it: its runtime kept, the state of earlier starts removed.
  find "$START_ROOT" -mindepth 1 -maxdepth 1 ! -name runtime ! -name libraries ! -name launch-micro.jar \
    ! -name launch-tasks.jar ! -name .env ! -name META-INF -exec rm -rf {} +
  tar -xf "$START_DIR/pristine.tar" -C "$START_ROOT"
}

prepare_start_cache() {
  # $1: the heap the server will have. True when the launcher and the cache are ready, and this
  # process holds the root (file descriptor 9, released when the run command exits).
  [[ "${TASKS_START_CACHE:-on}" != "off" ]] || return 1
  local major
  major=$(java_major "$JAVA_HOME/bin/java")
  [[ -n "$major" && "$major" -ge 25 ]] && command -v flock >/dev/null || return 1
  mkdir -p "$START_DIR"
  exec 9>"$START_DIR.lock"
  if ! flock -n 9; then
    echo "Another server is using the start-up cache of this build; starting the plain way."
    exec 9>&-
    return 1
  fi
  local stamp
  # Size and modification time identify a build of the WAR, the runtime and the layout without reading 150 MB
  # on every start.
  stamp="$({ jdk_identity; stat -c '%n %s %Y' "$WAR" "$RUNTIME/payara-micro.jar" "$RUNTIME/s3proxy.jar" \
    "$TASKS_HOME/bin/lib/StartLayout.java"; echo "heap $1 ${SERVER_GC[*]}"; } \
    | cksum)"
  if [[ ! -f "$START_CACHE" || ! -f "$START_LAUNCHER" || ! -d "$START_APP" || ! -f "$START_DIR/pristine.tar" \
      || "$(cat "$START_DIR/stamp" 2>/dev/null)" != "$stamp" ]]; then
    if ! train_start_cache "$1"; then
      echo "Could not prepare the faster start-up (see $START_DIR/training.log); starting the plain way." >&2
      exec 9>&-
      return 1
    fi
    echo "$stamp" >"$START_DIR/stamp"
  fi
  reset_start_root
}

train_start_cache() {
  echo "Preparing a faster start-up for this build (a training start, once)..."
  rm -rf "$START_DIR"
  mkdir -p "$START_DIR"
  local training log="$START_DIR/training.log" port status=0
  training="$(mktemp -d)"
  port="$(free_port)"
  "$JAVA_HOME/bin/java" -jar "$RUNTIME/payara-micro.jar" --rootdir "$START_ROOT" --outputlauncher >"$log" 2>&1 \
    && "$JAVA_HOME/bin/java" "$TASKS_HOME/bin/lib/StartLayout.java" "$WAR" "$START_APP" "$START_ROOT" >>"$log" 2>&1 \
    && (cd "$START_ROOT" && tar -cf "$START_DIR/pristine.tar" --exclude=./runtime --exclude=./libraries \
          --exclude=./launch-micro.jar --exclude=./launch-tasks.jar --exclude=./.env --exclude=./META-INF .) \
    || status=1
  # The training start sees none of this environment's settings: an embedded database of its own,
  # no object store, no bootstrap key anyone keeps.
  [[ $status == 0 ]] && { env -i PATH="$PATH" HOME="$training" JAVA_HOME="$JAVA_HOME" TASKS_DATA_DIR="$training" \
      "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$START_CACHE" -Xmx"$1" "${SERVER_GC[@]}" -Djava.io.tmpdir="$training" \
      -jar "$START_LAUNCHER" --deploy "$START_APP" --contextroot / --port "$port" --nohazelcast --disablephonehome --warmup >>"$log" 2>&1 \
      && [[ -f "$START_CACHE" ]]; } || status=1
  rm -rf "$training"
  [[ $status == 0 ]] || rm -f "$START_CACHE"
  [[ $status == 0 ]] && train_s3_cache
  return $status
}

train_s3_cache() {
  # The embedded S3 server's cache: one start of S3Proxy on a throwaway directory, stopped once it
  # answers (the cache is written as it exits). Without it S3Proxy starts the plain way.
  local training log="$START_DIR/training-s3.log" port pid
  training="$(mktemp -d)"
  port="$(free_port)"
  mkdir -p "$training/objects"
  printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$port" "s3proxy.authorization=none" \
    "jclouds.provider=filesystem" "jclouds.filesystem.basedir=$training/objects" >"$training/s3proxy.conf"
  "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:AOTCacheOutput="$START_S3_CACHE" -jar "$RUNTIME/s3proxy.jar" \
    --properties "$training/s3proxy.conf" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -rf "$training"
  [[ -f "$START_S3_CACHE" ]] || echo "No start-up cache for the embedded S3 server (see $log)." >&2
}
