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
