#!/usr/bin/env bash
# Suda's benchmark in one command: builds Suda, the bare-Liberty ceiling and the load generator, starts two Suda
# nodes on MariaDB + Redis and the ceiling (same Liberty, same JVM options), runs every scenario and writes
# target/bench/report.json and target/bench/report.md. Stops what it started, also on failure or Ctrl-C.
#
#   bench/run.sh                       everything (a few minutes on 2 cores)
#   BENCH_SCENARIOS=b,e bench/run.sh   a subset: a idle (20,000 sockets: --idle.sockets=N), b fan-out, e slow readers, d ban, c persist, p REST posts, h history,
#                                      u room list with unread counts, f files (not in the default set)
#   BENCH_OPTS="--fanout.pairs=5" bench/run.sh   generator options (see Bench.java)
#
# Where taskset exists, the servers run on core 0 and the generator on the last core; a local MariaDB/MySQL and
# Redis are moved to the generator's core for the run (BENCH_PIN_SERVICES=0 leaves them be) and put back after.
# A kernel memory monitor (DAMON) that is on is paused for the run (BENCH_PAUSE_DAMON=0 leaves it be) and resumed after.
#
# Ports, database and Redis namespace are the benchmark's own and can be changed by environment:
# BENCH_HTTP_PORT (9280), BENCH_HTTPS_PORT (9643), BENCH_HTTP_PORT2 (9281), BENCH_HTTPS_PORT2 (9644),
# BENCH_CEILING_PORT (9290), BENCH_CEILING_HTTPS_PORT (9690), BENCH_DB (suda_bench, dropped and made again),
# BENCH_MYSQL ("mysql -uroot -h127.0.0.1"), BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_REDIS_NAMESPACE (suda-bench),
# BENCH_JVM_OPTIONS (-Xms1g, added to both servers' jvm.options).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"

HTTP_A=${BENCH_HTTP_PORT:-9280}
HTTPS_A=${BENCH_HTTPS_PORT:-9643}
HTTP_B=${BENCH_HTTP_PORT2:-9281}
HTTPS_B=${BENCH_HTTPS_PORT2:-9644}
HTTP_C=${BENCH_CEILING_PORT:-9290}
HTTPS_C=${BENCH_CEILING_HTTPS_PORT:-9690}
DB=${BENCH_DB:-suda_bench}
MYSQL=${BENCH_MYSQL:-mysql -uroot -h127.0.0.1}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
NAMESPACE=${BENCH_REDIS_NAMESPACE:-suda-bench}
SCENARIOS=${BENCH_SCENARIOS:-a,c,b,e,d,p,h,u}
# Added to src/main/liberty/config/jvm.options for both servers. The project's heap starts at 256 MB for small
# containers; a node under this load is given a heap that starts where a busy one ends up, as the README advises.
# With 256 MB, the old generation of the one-core (serial) collector filled again and again at 3,000 messages/s,
# and each full collection (200-300 ms) made a step's p99.
JVM_EXTRA=${BENCH_JVM_OPTIONS--Xms1g}
MVN="mvn -B -ntp -q -Dstyle.color=never"

log() { printf '\n== [%s] %s\n' "$(date +%T)" "$*"; }
started=$(date +%s)

# Thousands of sockets on each side of loopback: every socket is a descriptor in the generator and one in the server.
# Scenario a holds 20,000 idle sockets (--idle.sockets) and needs about 21,500 on each side; it is raised to the
# hard limit here (BENCH_NOFILE asks for more, which only a root with CAP_SYS_RESOURCE gets), and with less the
# generator holds as many as the limit allows and says so (the report's a.limitedBy).
WANT_NOFILE=${BENCH_NOFILE:-1048576}
ulimit -Hn "$WANT_NOFILE" 2>/dev/null || true
ulimit -n "$WANT_NOFILE" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 21500 ]; then
  echo "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); scenario a's 20,000 sockets need about 21,500 open files on each side: it will hold fewer" >&2
fi

# The servers on one core and the generator on another, where taskset exists and there are two cores or more.
CORES=$(nproc)
SERVER_PIN=()
GENERATOR_PIN=()
if command -v taskset >/dev/null && [ "$CORES" -ge 2 ]; then
  SERVER_PIN=(taskset -c "${BENCH_SERVER_CPUS:-0}")
  GENERATOR_PIN=(taskset -c "${BENCH_GENERATOR_CPUS:-$((CORES - 1))}")
fi

# The database and Redis stand for services a node reaches over the network. Left to the scheduler, they ran on the
# servers' core as often as not (woken by the server's threads), and Suda's node then shared its one core with
# them while the ceiling, which uses neither, had its core to itself: c's p99 at 3,000 messages/s had a median of
# 46 ms (91 ms in one full run) against 33 ms with them on the generator's core. So a local mariadbd/mysqld and redis-server join the generator's core for the run (every
# thread: taskset -a), and get their own affinity back when the script ends.
SERVICE_PIDS=()
SERVICE_MASKS=()
pin_services() {
  [ "${BENCH_PIN_SERVICES:-1}" = 1 ] && [ ${#GENERATOR_PIN[@]} -gt 0 ] || return 0
  local name pid mask
  for name in mariadbd mysqld redis-server; do
    for pid in $(pgrep -x "$name"); do
      mask=$(taskset -p "$pid" 2>/dev/null | sed 's/.*: //')
      if [ -n "$mask" ] && taskset -a -p -c "${GENERATOR_PIN[2]}" "$pid" >/dev/null 2>&1; then
        SERVICE_PIDS+=("$pid")
        SERVICE_MASKS+=("$mask")
        echo "$name ($pid) moved to CPU ${GENERATOR_PIN[2]} for the run (it had mask $mask)"
      else
        echo "$name ($pid) could not be moved; it shares the cores with everything else" >&2
      fi
    done
  done
}
restore_services() {
  local i
  for i in "${!SERVICE_PIDS[@]}"; do
    taskset -a -p "${SERVICE_MASKS[$i]}" "${SERVICE_PIDS[$i]}" >/dev/null 2>&1 || true
  done
  SERVICE_PIDS=()
}

# A kernel that monitors memory with DAMON (kdamond threads; this machine runs one over all physical memory, to page
# out cold file pages) samples pages every sample interval: here every 0.5 s, and each pass stalled the machine for
# 4 to 47 ms (a sleeping probe woke that late on either core with the servers idle, and c's late acks came in bursts
# every 540 ms: p99 37 and 51 ms at 1,000 messages/s, against 15 and 24 ms with DAMON off). It is the machine's, not
# Suda's or the ceiling's, so kdamonds that are on are turned off for the run and on again at the end;
# BENCH_PAUSE_DAMON=0 leaves them be. The report's memoryMonitor says which.
DAMON_PAUSED=()
MEMORY_MONITOR=none
pause_damon() {
  local state
  for state in /sys/kernel/mm/damon/admin/kdamonds/*/state; do
    [ -f "$state" ] && [ "$(cat "$state" 2>/dev/null)" = on ] || continue
    if [ "${BENCH_PAUSE_DAMON:-1}" = 1 ] && echo off > "$state" 2>/dev/null; then
      DAMON_PAUSED+=("$state")
      [ "$MEMORY_MONITOR" = "DAMON on" ] || MEMORY_MONITOR="DAMON paused for the run"
      echo "DAMON ($state) turned off for the run"
    else
      MEMORY_MONITOR="DAMON on"
      echo "DAMON ($state) is on: its sampling stalls the machine every sample interval" >&2
    fi
  done
}
resume_damon() {
  local state
  for state in "${DAMON_PAUSED[@]}"; do
    # writing "on" to a kdamond that is running already fails: only one still off is worth a word
    echo on > "$state" 2>/dev/null || [ "$(cat "$state" 2>/dev/null)" = on ] \
      || echo "could not turn DAMON ($state) on again" >&2
  done
  DAMON_PAUSED=()
}

log "Build: Suda WAR, ceiling WAR, generator"
(cd "$ROOT" && $MVN -DskipTests package)
$MVN -f bench/ceiling/pom.xml package
$MVN -f bench/generator/pom.xml package

log "Liberty runtime"
LIBERTY_VERSION=$(sed -n 's:.*<liberty.version>\(.*\)</liberty.version>.*:\1:p' pom.xml | head -1)
MYSQL_VERSION=$(sed -n 's:.*<mysql.version>\(.*\)</mysql.version>.*:\1:p' pom.xml | head -1)
REPO=${BENCH_MAVEN_REPO:-$HOME/.m2/repository}
ZIP=$REPO/io/openliberty/openliberty-runtime/$LIBERTY_VERSION/openliberty-runtime-$LIBERTY_VERSION.zip
DRIVER=$REPO/com/mysql/mysql-connector-j/$MYSQL_VERSION/mysql-connector-j-$MYSQL_VERSION.jar
[ -f "$ZIP" ] || $MVN dependency:get -Dartifact="io.openliberty:openliberty-runtime:$LIBERTY_VERSION:zip"
[ -f "$DRIVER" ] || $MVN dependency:get -Dartifact="com.mysql:mysql-connector-j:$MYSQL_VERSION"
WLP=$OUT/wlp
if ! grep -qs "productVersion=$LIBERTY_VERSION" "$WLP/lib/versions/openliberty.properties"; then
  rm -rf "$WLP"
  unzip -q "$ZIP" -d "$OUT"
fi
export WLP_USER_DIR=$OUT/usr
mkdir -p "$WLP_USER_DIR/shared/resources/jdbc"
cp "$DRIVER" "$WLP_USER_DIR/shared/resources/jdbc/mysql-connector-j.jar"

log "Database $DB and Redis namespace $NAMESPACE, fresh"
$MYSQL -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
REDIS_HOST=$(echo "$REDIS" | sed -E 's#redis://([^:/]+).*#\1#')
REDIS_PORT=$(echo "$REDIS" | sed -E 's#redis://[^:/]+:?([0-9]*).*#\1#')
REDIS_PORT=${REDIS_PORT:-6379}
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "$NAMESPACE:*" | head -200000 \
  | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null

# Both nodes sign and verify tokens with one key, as the nodes of a deployment must.
KEY=$OUT/key.p12
rm -f "$KEY"
keytool -genkeypair -alias default -keyalg RSA -keysize 2048 -validity 30 -dname CN=localhost -storetype PKCS12 \
  -storepass suda-bench -keystore "$KEY" >/dev/null 2>&1

STARTED=()
stop_all() {
  for name in "${STARTED[@]}"; do
    "$WLP/bin/server" stop "$name" >/dev/null 2>&1 || true
  done
  STARTED=()
}
# BENCH_KEEP=1 leaves the servers running afterwards (for profiling); stop them with $WLP/bin/server stop <name>.
# The services get their affinity back in any case.
if [ -n "${BENCH_KEEP:-}" ]; then
  trap 'restore_services; resume_damon' EXIT
else
  trap 'restore_services; resume_damon; stop_all' EXIT
fi

make_server() { # name war config-dir http https
  local name=$1 dir=$WLP_USER_DIR/servers/$1
  "$WLP/bin/server" stop "$name" >/dev/null 2>&1 || true
  rm -rf "$dir"
  mkdir -p "$dir/apps"
  cp "$3/server.xml" "$dir/server.xml"
  # the same JVM options for Suda and the ceiling: the project's, then the heap of a busy node (the last -Xms wins)
  cp "$ROOT/src/main/liberty/config/jvm.options" "$dir/jvm.options"
  printf '%s\n' $JVM_EXTRA >> "$dir/jvm.options"
  cp "$2" "$dir/apps/"
  # production settings (no polling of files) for Suda and the ceiling alike
  mkdir -p "$dir/configDropins/overrides"
  cp "$ROOT/src/main/liberty/production.xml" "$dir/configDropins/overrides/"
  {
    echo "HTTP_PORT=$4"
    echo "HTTPS_PORT=$5"
  } > "$dir/server.env"
}

suda_env() { # name
  cat >> "$WLP_USER_DIR/servers/$1/server.env" <<EOF
DB_URL=jdbc:mysql://127.0.0.1:3306/$DB
DB_USER=root
DB_PASSWORD=
REDIS_URL=$REDIS
REDIS_NAMESPACE=$NAMESPACE
KEYSTORE_LOCATION=$KEY
KEYSTORE_SECRET=suda-bench
MESSAGES_PER_SECOND=${BENCH_MESSAGES_PER_SECOND:-1000}
FILES_PER_MINUTE=100000
FILES_ROOM_QUOTA_BYTES=1099511627776
EOF
}

start_server() { # name port
  "${SERVER_PIN[@]}" "$WLP/bin/server" start "$1" >/dev/null
  STARTED+=("$1")
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "http://127.0.0.1:$2$3"; then
      return 0
    fi
    sleep 1
  done
  echo "server $1 did not get ready on port $2" >&2
  tail -50 "$WLP_USER_DIR/servers/$1/logs/messages.log" >&2 || true
  exit 1
}

pid_of() { cat "$WLP_USER_DIR/servers/.pid/$1.pid"; }

log "Servers (pinned: ${SERVER_PIN[*]:-no})"
make_server suda-a "$ROOT/target/suda.war" "$ROOT/src/main/liberty/config" "$HTTP_A" "$HTTPS_A"
suda_env suda-a
start_server suda-a "$HTTP_A" /health/ready   # first alone: it migrates the schema
# BENCH_SECOND_NODE=0 and BENCH_CEILING=0 leave node B and the ceiling out, for scenarios that need neither (a
# without its ceiling side: --idle.no-ceiling); the generator then skips what needs them.
TARGETS=(--suda="http://127.0.0.1:$HTTP_A" --suda-pid="$(pid_of suda-a)")
if [ "${BENCH_SECOND_NODE:-1}" = 1 ]; then
  make_server suda-b "$ROOT/target/suda.war" "$ROOT/src/main/liberty/config" "$HTTP_B" "$HTTPS_B"
  suda_env suda-b
  start_server suda-b "$HTTP_B" /health/ready
  TARGETS+=(--suda2="http://127.0.0.1:$HTTP_B" --suda2-pid="$(pid_of suda-b)")
fi
if [ "${BENCH_CEILING:-1}" = 1 ]; then
  make_server ceiling "$ROOT/bench/ceiling/target/ceiling.war" "$ROOT/bench/ceiling/src/main/liberty/config" "$HTTP_C" "$HTTPS_C"
  start_server ceiling "$HTTP_C" /
  TARGETS+=(--ceiling="http://127.0.0.1:$HTTP_C" --ceiling-pid="$(pid_of ceiling)")
fi
echo "servers: ${TARGETS[*]}"

log "Services"
pin_services
pause_damon

log "Run facts"
{
  echo "gitRevision=$(git rev-parse HEAD 2>/dev/null || echo unknown)$( [ -n "$(git status --porcelain -- src pom.xml bench 2>/dev/null)" ] && echo '+uncommitted' )"
  echo "jdk=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p') ($(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.vm.name = //p'))"
  echo "liberty=$(sed -n 's/com.ibm.websphere.productVersion=//p' "$WLP/lib/versions/openliberty.properties")"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "cores=$CORES"
  echo "pinning=servers ${SERVER_PIN[*]:-none}, generator ${GENERATOR_PIN[*]:-none}"
  services=""
  for i in "${!SERVICE_PIDS[@]}"; do
    services="$services$(cat "/proc/${SERVICE_PIDS[$i]}/comm" 2>/dev/null) "
  done
  if [ -n "$services" ]; then
    echo "servicesPinning=${services}with the generator (${GENERATOR_PIN[*]})"
  else
    echo "servicesPinning=not moved"
  fi
  echo "memoryMonitor=$MEMORY_MONITOR"
  echo "database=$($MYSQL -N -e 'SELECT VERSION()')"
  echo "redis=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server | sed -n 's/redis_version://p' | tr -d '\r')"
  echo "jvmOptions=$(tr '\n' ' ' < "$WLP_USER_DIR/servers/suda-a/jvm.options")"
  echo "loadBefore=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "messagesPerSecondLimit=${BENCH_MESSAGES_PER_SECOND:-1000}"
} > "$OUT/meta.properties"
cat "$OUT/meta.properties"

log "Generator (pinned: ${GENERATOR_PIN[*]:-no}), scenarios $SCENARIOS"
# shellcheck disable=SC2086
"${GENERATOR_PIN[@]}" java -Xms1g -Xmx2g -Dclk.tck="$(getconf CLK_TCK)" -jar bench/generator/target/generator.jar \
  --out="$OUT" --meta="$OUT/meta.properties" --scenarios="$SCENARIOS" --mysql="$MYSQL $DB" \
  "${TARGETS[@]}" ${BENCH_OPTS:-}

if [ -z "${BENCH_KEEP:-}" ]; then
  log "Stopping servers"
  stop_all
else
  log "Servers left running (BENCH_KEEP): WLP_USER_DIR=$WLP_USER_DIR $WLP/bin/server stop suda-a|suda-b|ceiling"
fi
log "Done in $(( $(date +%s) - started )) s: $OUT/report.md, $OUT/report.json"
cat "$OUT/report.md" 2>/dev/null || true
