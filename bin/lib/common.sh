# Shared by bin/tasks-server and bin/tasks-test: find a JDK 21+, build what is missing.
# shellcheck shell=bash

TASKS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WAR="$TASKS_HOME/tasks-web/target/tasks-web.war"
RUNTIME="$TASKS_HOME/tasks-web/target/runtime"

java_major() {
  # Prints the feature version of the java binary $1 (e.g. 17, 21, 25), or nothing.
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
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

require_bubblewrap() {
  # Local sandboxes run inside bubblewrap; the tests check that isolation, so the test command installs it.
  if [[ ! -x /usr/bin/bwrap ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing bubblewrap (Debian package) for local sandboxes"
      apt-get install -y -q bubblewrap >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q bubblewrap >/dev/null; }
    else
      echo "The tests need bubblewrap (/usr/bin/bwrap): apt-get install bubblewrap" >&2
      exit 1
    fi
  fi
}

needs_build() {
  # True when the WAR or the runtime jars are missing, or a source or POM is newer than the WAR.
  [[ -f "$WAR" && -f "$RUNTIME/payara-micro.jar" && -f "$RUNTIME/s3proxy.jar" ]] || return 0
  [[ -n "$(find "$TASKS_HOME" -path "$TASKS_HOME/data" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
      -newer "$WAR" -type f -print -quit 2>/dev/null)" ]]
}

# Start-up cache (JDK 25 and newer): Payara Micro's flat-classpath launcher, whose classes the JDK's
# ahead-of-time cache can hold, and that cache, recorded by one training start of the WAR on a
# throwaway data directory. Both live under the build directory and are made again when the WAR,
# the runtime, the JDK or the heap changes. TASKS_START_CACHE=off starts the plain way.
START_DIR="$RUNTIME/start"
START_LAUNCHER="$START_DIR/micro-root/launch-micro.jar"
START_CACHE="$START_DIR/tasks.aot"

prepare_start_cache() {
  # $1: the heap the server will have. True when the launcher and the cache are ready to use.
  [[ "${TASKS_START_CACHE:-on}" != "off" ]] || return 1
  local major
  major=$(java_major "$JAVA_HOME/bin/java")
  [[ -n "$major" && "$major" -ge 25 ]] || return 1
  local stamp
  stamp="$({ "$JAVA_HOME/bin/java" -version 2>&1; cksum "$WAR" "$RUNTIME/payara-micro.jar"; echo "heap $1"; } | cksum)"
  if [[ -f "$START_CACHE" && -f "$START_LAUNCHER" && "$(cat "$START_DIR/stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  echo "Preparing a faster start-up for this build (a training start, once)..."
  rm -rf "$START_DIR"
  mkdir -p "$START_DIR"
  local training log="$START_DIR/training.log"
  training="$(mktemp -d)"
  # The training start sees none of this environment's settings: an embedded database of its own,
  # no object store, no bootstrap key anyone keeps.
  if "$JAVA_HOME/bin/java" -jar "$RUNTIME/payara-micro.jar" --rootdir "$START_DIR/micro-root" --outputlauncher \
        >"$log" 2>&1 \
      && env -i PATH="$PATH" HOME="$training" JAVA_HOME="$JAVA_HOME" TASKS_DATA_DIR="$training" \
        "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$START_CACHE" -Xmx"$1" -XX:+UseG1GC -Djava.io.tmpdir="$training" \
        -jar "$START_LAUNCHER" --deploy "$WAR" --port 0 --nohazelcast --disablephonehome --warmup >>"$log" 2>&1 \
      && [[ -f "$START_CACHE" ]]; then
    echo "$stamp" >"$START_DIR/stamp"
    rm -rf "$training"
    return 0
  fi
  echo "Could not prepare the faster start-up (see $log); starting the plain way." >&2
  rm -rf "$training" "$START_CACHE"
  return 1
}
