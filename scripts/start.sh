#!/usr/bin/env bash
# npm start: the whole system on this machine. Installs npm packages if missing, starts a real Kafka broker
# (KRaft, from the official jars) and checks PostgreSQL, runs migrations, starts the four apps, registers
# the demo data, and prints where everything listens. Ctrl-C stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/penghubung}
export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:9092}
# The broker requires TLS with a client certificate; each app connects as its own principal with the
# certificates scripts/pki.sh keeps in .run/pki. KAFKA_SECURITY=plaintext only for a development broker.
export KAFKA_SECURITY=${KAFKA_SECURITY:-mtls}
export KAFKA_PKI_DIR=${KAFKA_PKI_DIR:-$root/.run/pki}
export KAFKA_TLS_DIR=${KAFKA_TLS_DIR:-$KAFKA_PKI_DIR}
export LOG_FORMAT=${LOG_FORMAT:-pretty}
export REGISTRY_PORT=${REGISTRY_PORT:-8081} GATEWAY_PORT=${GATEWAY_PORT:-8080}
export ROUTER_PORT=${ROUTER_PORT:-8082} DISPATCHER_PORT=${DISPATCHER_PORT:-8083}
logs=$root/.run/logs
mkdir -p "$logs"

# Secrets of this installation: generated once, kept out of the repository (.run/ is ignored), mode 600.
secrets=$root/.run/secrets
mkdir -p "$secrets" && chmod 700 "$secrets"
secret() {
  local file=$secrets/$1
  if [ ! -s "$file" ]; then
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString(process.argv[1]))' "$2" >"$file")
  fi
  cat "$file"
}
export ADMIN_API_KEY=${ADMIN_API_KEY:-$(secret admin-api-key base64url)}
export REGISTRY_API_KEY=${REGISTRY_API_KEY:-$ADMIN_API_KEY}
export WEBHOOK_SECRET_KEY=${WEBHOOK_SECRET_KEY:-$(secret webhook-secret-key base64)}

ensure_node_modules
ensure_postgres "$DATABASE_URL"

started_kafka=0
stopping=0
pids=()
shutdown() {
  trap - INT TERM EXIT
  stopping=1
  say "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_kafka" = 1 ]; then KAFKA_PORT=$kafka_port bash scripts/kafka.sh stop || true; fi
}
trap shutdown INT TERM EXIT

# Start a local broker unless KAFKA_BROKERS points elsewhere or one already answers.
kafka_host=${KAFKA_BROKERS%%,*}
kafka_port=${kafka_host##*:}
kafka_host=${kafka_host%:*}
if [ "$kafka_host" = 127.0.0.1 ] || [ "$kafka_host" = localhost ]; then
  if ! port_open 127.0.0.1 "$kafka_port"; then
    KAFKA_PORT=$kafka_port bash scripts/kafka.sh start
    started_kafka=1
  else
    say "using the Kafka broker already listening on 127.0.0.1:$kafka_port"
  fi
fi

say "building"
npm run --silent build
node dist/libs/persistence/src/cli/migrate.js

declare -A ports=([registry]=$REGISTRY_PORT [gateway]=$GATEWAY_PORT [router]=$ROUTER_PORT [dispatcher]=$DISPATCHER_PORT)
for app in registry gateway router dispatcher; do
  port_open 127.0.0.1 "${ports[$app]}" && die "port ${ports[$app]} for $app is taken: stop that process or set ${app^^}_PORT"
  node "dist/apps/$app/src/main.js" >"$logs/$app.log" 2>&1 &
  pids+=($!)
done

for app in registry gateway router dispatcher; do
  deadline=$((SECONDS + 90))
  until curl -fsS "http://127.0.0.1:${ports[$app]}/health/ready" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$logs/$app.log" >&2
      die "$app is not ready after 90s; log: $logs/$app.log"
    fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { tail -n 20 "$logs/$app.log" >&2; die "an app exited during start-up; logs in $logs"; }
    done
    sleep 0.3
  done
done

node dist/tools/seed-demo.js

cat >&2 <<MSG

  Penghubung is running (logs in $logs):
    registry     http://127.0.0.1:$REGISTRY_PORT    (Confluent API at /, catalogue at /v1, docs at /docs)
    gateway      http://127.0.0.1:$GATEWAY_PORT    (API at /v1, docs at /docs)
    router       http://127.0.0.1:$ROUTER_PORT/health/ready, /metrics
    dispatcher   http://127.0.0.1:$DISPATCHER_PORT/health/ready, /metrics
    Kafka        $KAFKA_BROKERS ($KAFKA_SECURITY; CA certificate $KAFKA_PKI_DIR/ca.crt)
    PostgreSQL   ${DATABASE_URL%%\?*}
  Admin key in $secrets/admin-api-key; demo agency keys in $root/.run/demo-keys.json.
  Ctrl-C stops everything.

MSG

# Whichever app exits first (crash or signal) takes the others down with it.
set +e
wait -n "${pids[@]}"
status=$?
[ "$stopping" = 1 ] && exit 0
say "an app exited (status $status); see $logs"
exit "$status"
