#!/usr/bin/env bash
# Per-room subscriptions, measured (issue 34, point 4): three Suda nodes on one MariaDB and their own Redis, 300
# rooms, each node holding one socket in each of a third of the rooms, messages sent in every room; what each node's
# Redis subscriber connection reads during the traffic (the kernel's bytes_received of that TCP connection, read
# with ss). Runs the same traffic on a baseline revision (every node subscribed to every room by pattern) and on
# this checkout, and writes target/bench/subscriptions.json. Stops what it started, also on failure or Ctrl-C.
#
#   bench/subscriptions.sh
#   BENCH_BASELINE=none bench/subscriptions.sh      this checkout only
#
# Environment: BENCH_BASELINE (git revision, default 45e230f: the last one with pattern subscriptions; or a built
# .war), BENCH_WAR (a built WAR of this checkout instead of building it),
# BENCH_SUB_PORTS (9380,9381,9382: one HTTP port per node; HTTPS is off), BENCH_SUB_REDIS_PORT (7390: a redis-server
# this script starts and stops), BENCH_SUB_DB (suda_subs: suda_subs_current and suda_subs_baseline are dropped and made again), BENCH_MYSQL ("mysql -uroot -h127.0.0.1"),
# BENCH_SUB_ROOMS (300), BENCH_SUB_SECONDS (30), BENCH_SUB_RATE (150 messages/s in all).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
mkdir -p "$OUT"
rm -f "$OUT"/subscriptions-*.txt
BASELINE=${BENCH_BASELINE:-45e230f}
IFS=, read -r -a PORTS <<< "${BENCH_SUB_PORTS:-9380,9381,9382}"
REDIS_PORT=${BENCH_SUB_REDIS_PORT:-7390}
DB=${BENCH_SUB_DB:-suda_subs}
MYSQL=${BENCH_MYSQL:-mysql -uroot -h127.0.0.1}
ROOMS=${BENCH_SUB_ROOMS:-300}
SECONDS_OF_TRAFFIC=${BENCH_SUB_SECONDS:-30}
RATE=${BENCH_SUB_RATE:-150}
MVN="mvn -B -ntp -q -Dstyle.color=never"
log() { printf '\n== [%s] %s\n' "$(date +%T)" "$*"; }
command -v ss >/dev/null || { echo "ss (iproute2) is needed to read each connection's bytes" >&2; exit 1; }

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
export WLP_USER_DIR=$OUT/usr-subs
mkdir -p "$WLP_USER_DIR/shared/resources/jdbc"
cp "$DRIVER" "$WLP_USER_DIR/shared/resources/jdbc/mysql-connector-j.jar"

log "Build: this checkout${BASELINE:+ and $BASELINE}"
if [ -n "${BENCH_WAR:-}" ]; then
  cp "$BENCH_WAR" "$OUT/suda-current.war"
else
  $MVN -DskipTests package
  cp target/suda.war "$OUT/suda-current.war"
fi
if [ -f "$BASELINE" ]; then
  cp "$BASELINE" "$OUT/suda-baseline.war"
elif [ "$BASELINE" != none ]; then
  SRC=$OUT/baseline-src
  git worktree remove --force "$SRC" >/dev/null 2>&1 || rm -rf "$SRC"
  git worktree add --detach "$SRC" "$BASELINE" >/dev/null
  (cd "$SRC" && $MVN -DskipTests package)
  cp "$SRC/target/suda.war" "$OUT/suda-baseline.war"
  git worktree remove --force "$SRC"
fi

KEY=$OUT/key-subs.p12
rm -f "$KEY"
keytool -genkeypair -alias default -keyalg RSA -keysize 2048 -validity 30 -dname CN=localhost -storetype PKCS12 \
  -storepass suda-bench -keystore "$KEY" >/dev/null 2>&1

REDIS_PID=
STARTED=()
stop_all() {
  for name in "${STARTED[@]}"; do
    "$WLP/bin/server" stop "$name" >/dev/null 2>&1 || true
  done
  STARTED=()
}
cleanup() {
  stop_all
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

log "Redis of its own on $REDIS_PORT"
REDIS_DIR=$OUT/redis-subs
mkdir -p "$REDIS_DIR"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$REDIS_DIR" \
  --logfile "$REDIS_DIR/redis.log" --daemonize no &
REDIS_PID=$!
for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done

ready() { # port
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    sleep 1
  done
  return 1
}

start_nodes() { # war
  local i name dir
  for i in 0 1 2; do
    name=subs-$i
    dir=$WLP_USER_DIR/servers/$name
    "$WLP/bin/server" stop "$name" >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir/apps" "$dir/configDropins/overrides"
    cp src/main/liberty/config/server.xml src/main/liberty/config/jvm.options "$dir/"
    cp src/main/liberty/production.xml "$dir/configDropins/overrides/"
    cp "$1" "$dir/apps/suda.war"
    cat > "$dir/server.env" <<ENV
HTTP_PORT=${PORTS[$i]}
HTTPS_PORT=-1
DB_URL=jdbc:mysql://127.0.0.1:3306/$DB_OF_RUN
DB_USER=root
DB_PASSWORD=
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
REDIS_NAMESPACE=suda-subs
KEYSTORE_LOCATION=$KEY
KEYSTORE_SECRET=suda-bench
MESSAGES_PER_SECOND=100000
ENV
    "$WLP/bin/server" start "$name" >/dev/null
    STARTED+=("$name")
    # the first node migrates the schema alone; the other two start together
    if [ "$i" != 1 ]; then
      ready "${PORTS[$i]}" || { echo "node $name did not get ready" >&2; tail -30 "$dir/logs/messages.log" >&2; exit 1; }
    fi
  done
  ready "${PORTS[1]}" || { echo "node subs-1 did not get ready" >&2; exit 1; }
}

run_traffic() { # label war
  log "$1: three nodes"
  # a database per run: the baseline may lack migrations this checkout has
  DB_OF_RUN=${DB}_$1
  $MYSQL -e "DROP DATABASE IF EXISTS \`$DB_OF_RUN\`; CREATE DATABASE \`$DB_OF_RUN\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
  start_nodes "$2"
  local pids
  pids=$(for i in 0 1 2; do cat "$WLP_USER_DIR/servers/.pid/subs-$i.pid"; done | paste -sd,)
  java bench/subscriptions/Traffic.java --label="$1" --nodes="$(for p in "${PORTS[@]}"; do printf 'http://127.0.0.1:%s,' "$p"; done | sed 's/,$//')" \
    --pids="$pids" --redis-port="$REDIS_PORT" --rooms="$ROOMS" --seconds="$SECONDS_OF_TRAFFIC" --rate="$RATE" | tee "$OUT/subscriptions-$1.txt"
  stop_all
}

run_traffic current "$OUT/suda-current.war"
if [ "$BASELINE" != none ]; then
  run_traffic baseline "$OUT/suda-baseline.war"
fi

{
  echo "{\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"revision\":\"$(git rev-parse --short HEAD)\",\"baselineRevision\":\"$BASELINE\",\"runs\":["
  tail -qn1 "$OUT"/subscriptions-*.txt | paste -sd,
  echo "]}"
} > "$OUT/subscriptions.json"
log "Done: $OUT/subscriptions.json"
cat "$OUT/subscriptions.json"
