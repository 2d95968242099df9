#!/usr/bin/env bash
# Run a real, local-only Neo4j Community 5.26.x server for tests, built from
# Maven Central jars (tools/neo4j/pom.xml). No Neo4j tarball/installer needed.
#
#   scripts/neo4j-local.sh start [--fresh]   start (idempotent), wait for Bolt
#   scripts/neo4j-local.sh stop              SIGTERM, wait, SIGKILL fallback
#   scripts/neo4j-local.sh restart [--fresh]
#   scripts/neo4j-local.sh status            exit 0 if running, 3 if not
#   scripts/neo4j-local.sh uri               print bolt://127.0.0.1:PORT
#   scripts/neo4j-local.sh classpath         resolve + print the classpath file
#
# Environment (defaults in brackets):
#   NEO4J_LOCAL_HOME            [/tmp/kg-neo4j]  conf/, data/, logs/, run/ live here
#   NEO4J_LOCAL_BOLT_PORT       [17687]
#   NEO4J_LOCAL_HTTP_PORT       [17474]  0 disables the HTTP connector
#   NEO4J_LOCAL_PASSWORD        [kg-test-password]  user is always "neo4j" (min 8 chars)
#   NEO4J_LOCAL_HEAP            [1g]
#   NEO4J_LOCAL_PAGECACHE       [512m]
#   NEO4J_LOCAL_FRESH           [0]      1 = wipe data/ before starting (same as --fresh)
#   NEO4J_LOCAL_CDS             [1]      0 = no AppCDS class archive (see cds_archive)
#   NEO4J_LOCAL_START_TIMEOUT   [180]    seconds to wait for Bolt (cold start on a busy 2-core box can take >60s)
#   NEO4J_LOCAL_STOP_TIMEOUT    [60]     seconds to wait after SIGTERM before SIGKILL
#   NEO4J_LOCAL_WAIT            [bolt]   start waits for: bolt = an authenticated Bolt query (a Python
#                                        with the driver; else as log), log = the port open and "Started."
#                                        in neo4j.log (no Python started; the caller checks the password)
#   NEO4J_LOCAL_PYTHON          [<repo>/.venv/bin/python]  used for the Bolt check if it has `neo4j`
#   NEO4J_LOCAL_JAVA            [$JAVA_HOME/bin/java or java]  Java 17 or 21
#   NEO4J_LOCAL_JAVA_OPTS       []       extra JVM flags (word-split)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$REPO_ROOT/tools/neo4j/pom.xml"

NHOME="${NEO4J_LOCAL_HOME:-/tmp/kg-neo4j}"
BOLT_PORT="${NEO4J_LOCAL_BOLT_PORT:-17687}"
HTTP_PORT="${NEO4J_LOCAL_HTTP_PORT:-17474}"
PASSWORD="${NEO4J_LOCAL_PASSWORD:-kg-test-password}"
HEAP="${NEO4J_LOCAL_HEAP:-1g}"
PAGECACHE="${NEO4J_LOCAL_PAGECACHE:-512m}"
FRESH="${NEO4J_LOCAL_FRESH:-0}"
CDS="${NEO4J_LOCAL_CDS:-1}"
START_TIMEOUT="${NEO4J_LOCAL_START_TIMEOUT:-180}"
WAIT="${NEO4J_LOCAL_WAIT:-bolt}"
STOP_TIMEOUT="${NEO4J_LOCAL_STOP_TIMEOUT:-60}"
PYTHON="${NEO4J_LOCAL_PYTHON:-$REPO_ROOT/.venv/bin/python}"
if [[ -n "${NEO4J_LOCAL_JAVA:-}" ]]; then JAVA="$NEO4J_LOCAL_JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"
else JAVA=java; fi

CONF_DIR="$NHOME/conf"
DATA_DIR="$NHOME/data"
LOGS_DIR="$NHOME/logs"
RUN_DIR="$NHOME/run"
PID_FILE="$RUN_DIR/neo4j-local.pid"
CONSOLE_LOG="$LOGS_DIR/console.log"
MAIN_CLASS="org.neo4j.server.CommunityEntryPoint"
URI="bolt://127.0.0.1:$BOLT_PORT"

log() { echo "neo4j-local: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

neo4j_version() { sed -n 's:.*<neo4j.version>\([^<]*\)</neo4j.version>.*:\1:p' "$POM" | head -1; }

# ---------------------------------------------------------------- classpath --
# Resolved once with Maven into $NHOME/classpath-<version>-<pomhash>.txt and
# reused while every jar in it still exists in ~/.m2.
classpath_file() {
  local ver hash f
  ver="$(neo4j_version)"
  hash="$(sha256sum "$POM" | cut -c1-12)"
  f="$NHOME/classpath-$ver-$hash.txt"
  if [[ -s "$f" ]] && tr ':' '\n' <"$f" | while read -r j; do [[ -f "$j" ]] || exit 1; done; then
    echo "$f"; return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  mkdir -p "$NHOME"
  local t0=$SECONDS mlog="$NHOME/mvn-resolve.log"
  log "resolving Neo4j $ver classpath with Maven (first run downloads ~130 MB)..."
  # Offline first (fast when ~/.m2 is warm), then online.
  if ! mvn -B -q -o -f "$POM" dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$f.tmp" >"$mlog" 2>&1; then
    mvn -B -q -f "$POM" dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$f.tmp" >"$mlog" 2>&1 \
      || { tail -30 "$mlog" >&2; die "Maven could not resolve $POM (log: $mlog)"; }
  fi
  [[ -s "$f.tmp" ]] || die "Maven produced an empty classpath (log: $mlog)"
  mv "$f.tmp" "$f"
  log "classpath resolved in $((SECONDS - t0))s ($(tr ':' '\n' <"$f" | wc -l) jars) -> $f"
  echo "$f"
}

# Class-data-sharing archive for this classpath + JVM build.
cds_archive() {
  local jv; jv="$("$JAVA" -version 2>&1 | sha256sum | cut -c1-8)"
  echo "$NHOME/cds-$(basename "$1" .txt)-$jv.jsa"
}

# ------------------------------------------------------------------ process --
# shellcheck disable=SC2015  # "|| true" only keeps set -e quiet when there is no pid file
read_pid() { [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE" || true; }

# True if $1 is a live process that is *our* Neo4j (guards against pid reuse).
is_our_pid() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  local cmdline; cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmdline" == *"$MAIN_CLASS --home-dir=$NHOME "* ]]
}

is_running() { is_our_pid "$(read_pid)"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the server version if Bolt answers an authenticated query.
# Exit status 3: the server answered but rejected the password.
# One Python start per check (it was two: `import neo4j` was tried first in a Python of its own,
# ≈ 0.4-1 s per start of the server); exit status 4 from Python = no driver, use the fallback.
bolt_check() {
  if [[ -x "$PYTHON" ]]; then
    local rc=0
    NEO4J_LOCAL_URI="$URI" NEO4J_LOCAL_PW="$PASSWORD" "$PYTHON" - <<'PY' 2>/dev/null || rc=$?
import os, sys
try:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError
except ImportError:
    sys.exit(4)  # no driver in this Python
try:
    with GraphDatabase.driver(os.environ["NEO4J_LOCAL_URI"],
                              auth=("neo4j", os.environ["NEO4J_LOCAL_PW"]),
                              connection_timeout=3) as d:
        recs, _, _ = d.execute_query(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e")
        print(f"{recs[0]['v']} ({recs[0]['e']})")
except AuthError:
    sys.exit(3)  # server is up but rejects NEO4J_LOCAL_PASSWORD
PY
    (( rc == 4 )) || return "$rc"
  fi
  log_ready  # no driver available
}

# TCP probe plus the "Started." line of this run (the server logs it once its databases are started).
log_ready() {
  port_open "$BOLT_PORT" || return 1
  local start_line; start_line="$(cat "$RUN_DIR/log-offset" 2>/dev/null || echo 0)"
  tail -n +"$((start_line + 1))" "$LOGS_DIR/neo4j.log" 2>/dev/null | grep -q ' INFO  Started\.$' || return 1
  local v; v="$(sed -n 's/.*Kernel version: \([0-9][^ ]*\).*/\1/p' "$LOGS_DIR/debug.log" 2>/dev/null | tail -1)"
  echo "${v:-?} (community)"
}

# ------------------------------------------------------------------- config --
write_conf() {
  mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOGS_DIR" "$RUN_DIR" "$NHOME/plugins" "$NHOME/import" "$NHOME/lib"
  local http_enabled=true
  [[ "$HTTP_PORT" == 0 ]] && http_enabled=false
  cat >"$CONF_DIR/neo4j.conf" <<EOF
# Generated by scripts/neo4j-local.sh on every start -- edits are overwritten.
# Local test server: loopback only, auth on, no usage reporting.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.bolt.tls_level=DISABLED
server.http.enabled=$http_enabled
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false
server.directories.data=$DATA_DIR
server.directories.logs=$LOGS_DIR
server.directories.run=$RUN_DIR
server.directories.plugins=$NHOME/plugins
server.directories.import=$NHOME/import
server.directories.lib=$NHOME/lib
# Heap is set on the java command line (-Xms/-Xmx $HEAP); recorded here for reference.
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
dbms.security.auth_enabled=true
# No lock-out after failed logins (default locks the user 5s after 3 failures).
dbms.security.auth_max_failed_attempts=0
dbms.usage_report.enabled=false
# Keep disk use small and shutdown fast for throwaway test data.
db.tx_log.rotation.retention_policy=2 files
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
internal.dbms.bolt.netty_server_shutdown_timeout=2s
EOF
}

set_initial_password_if_new() {
  local marker="$DATA_DIR/.kg-initial-password.sha256" want
  want="$(printf '%s' "$PASSWORD" | sha256sum | cut -c1-64)"
  if [[ -d "$DATA_DIR/databases/system" ]]; then
    if [[ -f "$marker" && "$(cat "$marker")" != "$want" ]]; then
      log "WARNING: data in $DATA_DIR was initialised with a different NEO4J_LOCAL_PASSWORD;"
      log "         the old password stays in effect. Use --fresh to re-initialise."
    fi
    return 0
  fi
  (( ${#PASSWORD} >= 8 )) || die "NEO4J_LOCAL_PASSWORD must be at least 8 characters"
  # Equivalent of `neo4j-admin dbms set-initial-password`: writes data/dbms/auth.ini,
  # which the system database consumes on its first start.
  NEO4J_HOME="$NHOME" NEO4J_CONF="$CONF_DIR" \
    "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 @"$NHOME/java-cp.args" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$PASSWORD" >"$LOGS_DIR/set-initial-password.log" 2>&1 \
    || { cat "$LOGS_DIR/set-initial-password.log" >&2; die "set-initial-password failed"; }
  echo "$want" >"$marker"
}

# ----------------------------------------------------------------- commands --
cmd_start() {
  local t0; t0=$(date +%s.%N)
  if is_running; then
    local v rc=0
    v="$(bolt_check)" || rc=$?
    if (( rc == 0 )); then
      log "already running (pid $(read_pid)), Neo4j $v at $URI"
      return 0
    fi
    (( rc == 3 )) && die "running (pid $(read_pid)) but NEO4J_LOCAL_PASSWORD is rejected (data was initialised with another password; use --fresh)"
    log "process $(read_pid) is running but Bolt does not answer yet; waiting"
  else
    rm -f "$PID_FILE"
    if port_open "$BOLT_PORT"; then
      die "port $BOLT_PORT is already in use by another process (set NEO4J_LOCAL_BOLT_PORT)"
    fi
    if [[ "$HTTP_PORT" != 0 ]] && port_open "$HTTP_PORT"; then
      die "port $HTTP_PORT is already in use by another process (set NEO4J_LOCAL_HTTP_PORT, 0 disables HTTP)"
    fi
    "$JAVA" -version 2>&1 | grep -qE 'version "(17|21)[."]' \
      || log "WARNING: Neo4j 5.26 supports Java 17/21; found: $("$JAVA" -version 2>&1 | head -1)"

    local cpf; cpf="$(classpath_file)"
    mkdir -p "$NHOME"
    # Java @argfile keeps the ~200-jar classpath out of `ps` output.
    printf -- '-cp\n"%s"\n' "$(cat "$cpf")" >"$NHOME/java-cp.args"

    if [[ "$FRESH" == 1 ]]; then
      log "fresh start: wiping $DATA_DIR"
      rm -rf "$DATA_DIR"
    fi
    write_conf
    set_initial_password_if_new
    if [[ -f "$LOGS_DIR/neo4j.log" ]]; then wc -l <"$LOGS_DIR/neo4j.log" >"$RUN_DIR/log-offset"; else echo 0 >"$RUN_DIR/log-offset"; fi

    # JVM flags: the ones the neo4j launcher would add (see default neo4j.conf
    # server.jvm.additional); the --add-opens avoid slow fallbacks in the page
    # cache and native log-file access.
    local jvm=(
      -Xms"$HEAP" -Xmx"$HEAP"
      -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
      -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
      -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
      -Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true
      -Dlog4j2.disable.jmx=true -Dlog4j.layout.jsonTemplate.maxStringLength=32768
      -Dfile.encoding=UTF-8
      --add-opens=java.base/java.nio=ALL-UNNAMED
      --add-opens=java.base/java.io=ALL-UNNAMED
      --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
      --add-opens=java.base/java.lang=ALL-UNNAMED
    )
    # AppCDS: the first run dumps the loaded classes at clean exit (stop takes
    # ~10s longer once); later runs map the archive and start a few s faster.
    if [[ "$CDS" == 1 ]]; then
      local jsa; jsa="$(cds_archive "$cpf")"
      if [[ -s "$jsa" ]]; then jvm+=(-XX:SharedArchiveFile="$jsa")
      else rm -f "$jsa.tmp"; jvm+=(-XX:ArchiveClassesAtExit="$jsa.tmp"); fi
    fi
    # shellcheck disable=SC2206  # intentional word splitting of extra flags
    [[ -n "${NEO4J_LOCAL_JAVA_OPTS:-}" ]] && jvm+=(${NEO4J_LOCAL_JAVA_OPTS})
    (
      cd "$NHOME"
      NEO4J_HOME="$NHOME" NEO4J_CONF="$CONF_DIR" exec setsid nohup "$JAVA" "${jvm[@]}" \
        @"$NHOME/java-cp.args" "$MAIN_CLASS" \
        --home-dir="$NHOME" --config-dir="$CONF_DIR" \
        </dev/null >>"$CONSOLE_LOG" 2>&1 9>&-
    ) 9>&- &
    echo $! >"$PID_FILE"
    log "started pid $(read_pid), waiting up to ${START_TIMEOUT}s for Bolt on $URI"
  fi

  local deadline=$((SECONDS + START_TIMEOUT)) v="" pid; pid="$(read_pid)"
  while (( SECONDS < deadline )); do
    # kill -0, not is_running: right after the launch the pid may still be the
    # subshell that is about to exec java.
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server process exited during startup; last log lines:"
      tail -n 30 "$LOGS_DIR/neo4j.log" "$CONSOLE_LOG" >&2 2>/dev/null || true
      rm -f "$PID_FILE"
      exit 1
    fi
    local rc=1
    if port_open "$BOLT_PORT"; then
      rc=0
      if [[ "$WAIT" == log ]]; then v="$(log_ready)" || rc=$?; else v="$(bolt_check)" || rc=$?; fi
    fi
    if (( rc == 3 )); then
      die "server is up (pid $(read_pid)) but rejects NEO4J_LOCAL_PASSWORD: data in $DATA_DIR was initialised with another password; use --fresh (or stop)"
    fi
    if (( rc == 0 )); then
      local t1; t1=$(date +%s.%N)
      log "Neo4j $v ready at $URI (user neo4j) in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')s; logs: $LOGS_DIR"
      return 0
    fi
    sleep 0.2
  done
  log "timed out after ${START_TIMEOUT}s waiting for Bolt (pid $pid is left running: \`$0 stop\` aborts it,"
  log "a later \`start\` waits for it again; NEO4J_LOCAL_START_TIMEOUT raises the limit); last log lines:"
  tail -n 30 "$LOGS_DIR/neo4j.log" >&2 2>/dev/null || true
  exit 1
}

cmd_stop() {
  local pid; pid="$(read_pid)"
  if ! is_our_pid "$pid"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  local t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${STOP_TIMEOUT}s, sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    rm -f "$NHOME"/cds-*.jsa.tmp
  fi
  # A class archive dumped at this (clean) exit becomes usable for the next start.
  local tmp
  for tmp in "$NHOME"/cds-*.jsa.tmp; do
    [[ -s "$tmp" ]] && mv -f "$tmp" "${tmp%.tmp}"
  done
  rm -f "$PID_FILE" "$RUN_DIR/neo4j.pid"
  log "stopped (pid $pid) in $((SECONDS - t0))s"
}

cmd_status() {
  if is_running; then
    local v rc=0
    v="$(bolt_check)" || rc=$?
    if (( rc == 0 )); then
      echo "running (pid $(read_pid)) Neo4j $v at $URI"
    elif (( rc == 3 )); then
      echo "running (pid $(read_pid)) at $URI but NEO4J_LOCAL_PASSWORD is rejected"
    else
      echo "running (pid $(read_pid)) at $URI but Bolt not answering (starting?)"
    fi
    return 0
  fi
  echo "not running"
  return 3
}

main() {
  local cmd="${1:-}"; shift || true
  for a in "$@"; do
    case "$a" in
      --fresh) FRESH=1 ;;
      *) die "unknown option: $a" ;;
    esac
  done
  case "$cmd" in
    start|stop|restart)
      mkdir -p "$NHOME"
      # Serialise concurrent start/stop calls on the same home.
      exec 9>"$NHOME/.lock"
      flock -w $((START_TIMEOUT + STOP_TIMEOUT + 120)) 9 || die "could not lock $NHOME/.lock"
      case "$cmd" in
        start) if [[ "$FRESH" == 1 ]] && is_running; then cmd_stop; fi; cmd_start ;;
        stop) cmd_stop ;;
        restart) cmd_stop; cmd_start ;;
      esac ;;
    status) cmd_status ;;
    uri) echo "$URI" ;;
    classpath) classpath_file ;;
    *) echo "usage: $0 start [--fresh] | stop | restart [--fresh] | status | uri | classpath" >&2; exit 2 ;;
  esac
}

main "$@"
