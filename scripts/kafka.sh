#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) from the official
# org.apache.kafka jars on Maven Central. No Docker needed.
#
#   scripts/kafka.sh fetch     download the jars once into the cache (outside the git tree)
#   scripts/kafka.sh fetch-tools   also Kafka's own tools (kafka-tools: console consumer, perf tools)
#   scripts/kafka.sh classpath     fetch-tools, then print the Java class path of broker jars + tools
#   scripts/kafka.sh start     fetch if needed, format storage if new, start, wait until a topic can be created
#   scripts/kafka.sh stop      stop the broker started from the same data dir (SIGTERM, then SIGKILL)
#   scripts/kafka.sh status    exit 0 when the broker of this data dir runs
#
# Environment (all optional):
#   KAFKA_VERSION            broker version (default 4.3.1; see README for why)
#   KAFKA_PORT               client listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT    KRaft controller listener (default KAFKA_PORT + 1)
#   KAFKA_DATA_DIR           logs, pid, properties (default .run/kafka-$KAFKA_PORT in the repository)
#   KAFKA_HEAP               JVM heap (default 512m)
#   PENGHUBUNG_CACHE_DIR     jar cache (default ~/.cache/penghubung)
#   KAFKA_START_TIMEOUT      seconds to wait for readiness (default 90)
#   KAFKA_SECURITY           mtls (default): TLS with client certificates on every listener, the StandardAuthorizer,
#                            nothing allowed without an ACL; plaintext: the open development broker (explicit only)
#   KAFKA_PKI_DIR            certificates (default .run/pki in the repository; created by scripts/pki.sh)
#   KAFKA_SUPER_USERS        extra super users, comma-separated principal names
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

version=${KAFKA_VERSION:-4.3.1}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-$((port + 1))}
data_dir=${KAFKA_DATA_DIR:-$root/.run/kafka-$port}
heap=${KAFKA_HEAP:-512m}
cache_dir=${PENGHUBUNG_CACHE_DIR:-$HOME/.cache/penghubung}
libs_dir=$cache_dir/kafka-$version/libs
tools_dir=$cache_dir/kafka-$version/tools
start_timeout=${KAFKA_START_TIMEOUT:-90}
pid_file=$data_dir/kafka.pid
log_file=$data_dir/kafka.log
security=${KAFKA_SECURITY:-mtls}
pki_dir=${KAFKA_PKI_DIR:-$root/.run/pki}
case "$security" in
  mtls | plaintext) ;;
  *) printf '[kafka] error: KAFKA_SECURITY must be mtls or plaintext, got %s\n' "$security" >&2; exit 2 ;;
esac

say() { printf '[kafka] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found. Install a JDK 17 or newer (e.g. 'apt-get install openjdk-17-jre-headless') and retry."
}

fetch() {
  if [ -f "$libs_dir/.complete" ]; then return 0; fi
  need_java
  command -v mvn >/dev/null 2>&1 || die "mvn not found. Install Apache Maven (e.g. 'apt-get install maven'); it fetches the Kafka jars from Maven Central."
  say "fetching org.apache.kafka:kafka_2.13:$version and its runtime dependencies into $libs_dir"
  rm -rf "$libs_dir"
  mkdir -p "$libs_dir"
  # The dependency plugin is pinned: the default one of Maven 3.8 is too old for copy-dependencies here.
  if ! mvn -B -q -f "$here/kafka/pom.xml" -Dkafka.version="$version" \
      org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs_dir" >"$cache_dir/kafka-$version/mvn.log" 2>&1; then
    tail -n 20 "$cache_dir/kafka-$version/mvn.log" >&2
    die "Maven could not fetch the Kafka jars (is Maven Central reachable? is KAFKA_VERSION=$version published?). Full log: $cache_dir/kafka-$version/mvn.log"
  fi
  ls "$libs_dir"/kafka_2.13-"$version".jar >/dev/null 2>&1 || die "kafka_2.13-$version.jar missing after the fetch"
  touch "$libs_dir/.complete"
}

# Kafka's own tools (console producer and consumer, performance tools) beside the broker's jars: the
# outside clients of the tests and of the README. Run them with -cp '<libs>/*:<tools>/*'.
fetch_tools() {
  fetch
  if [ -f "$tools_dir/.complete" ]; then return 0; fi
  say "fetching org.apache.kafka:kafka-tools:$version into $tools_dir"
  rm -rf "$tools_dir"
  mkdir -p "$tools_dir"
  if ! mvn -B -q -f "$here/kafka/tools-pom.xml" -Dkafka.version="$version" \
      org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tools_dir" >"$cache_dir/kafka-$version/mvn-tools.log" 2>&1; then
    tail -n 20 "$cache_dir/kafka-$version/mvn-tools.log" >&2
    die "Maven could not fetch kafka-tools $version. Full log: $cache_dir/kafka-$version/mvn-tools.log"
  fi
  ls "$tools_dir"/kafka-tools-"$version".jar >/dev/null 2>&1 || die "kafka-tools-$version.jar missing after the fetch"
  touch "$tools_dir/.complete"
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The super users: the broker itself (inter-broker and controller traffic), the registry (it creates topics
# and keeps ACLs and quotas equal to the catalogue) and the operator (tools and tests run by the person who
# runs the installation). Every other principal - the data plane's apps and every agency - gets only the
# ACLs the registry grants.
super_users() {
  local users="User:broker;User:penghubung-registry;User:penghubung-operator" name extra=()
  # Interim: the data plane's apps stay super users until the registry's ACL reconciler grants their rights.
  IFS=',' read -ra extra <<<"${KAFKA_SUPER_USERS-penghubung-router,penghubung-gateway,penghubung-dispatcher}"
  for name in "${extra[@]}"; do [ -n "$name" ] && users="$users;User:$name"; done
  printf '%s' "$users"
}

listener_properties() {
  if [ "$security" = plaintext ]; then
    cat <<EOF
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
EOF
    return
  fi
  # One TLS listener for clients and brokers, one for the controller; a client certificate is required on
  # both, so nothing unauthenticated gets past the handshake. The broker's own certificate maps to
  # User:broker, a super user, which KRaft registration needs.
  cat <<EOF
listeners=CLIENT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=CLIENT://127.0.0.1:$port
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CONTROLLER:SSL,CLIENT:SSL
ssl.client.auth=required
ssl.keystore.type=PEM
ssl.keystore.location=$pki_dir/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location=$pki_dir/ca.crt
ssl.enabled.protocols=TLSv1.3,TLSv1.2
ssl.principal.mapping.rules=RULE:^CN=([a-z0-9.-]+),OU=(agency|service),O=Penghubung\$/\$1/,DEFAULT
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=$(super_users)
EOF
}

write_properties() {
  {
    cat <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
EOF
    listener_properties
    cat <<EOF
log.dirs=$data_dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
message.max.bytes=2097152
EOF
  } >"$data_dir/server.properties"
}

start() {
  if pid=$(running_pid); then
    say "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_busy "$port"; then
    die "port $port is already in use by another process. Stop it, or choose another port with KAFKA_PORT=..."
  fi
  if port_busy "$controller_port"; then
    die "controller port $controller_port is already in use. Choose another with KAFKA_CONTROLLER_PORT=..."
  fi
  fetch
  need_java
  mkdir -p "$data_dir"
  [ "$security" = plaintext ] || KAFKA_PKI_DIR=$pki_dir bash "$here/pki.sh"
  write_properties
  local cp="$libs_dir/*"
  if [ ! -f "$data_dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$data_dir/server.properties" \
      >"$data_dir/format.log" 2>&1 || { cat "$data_dir/format.log" >&2; die "formatting KRaft storage failed"; }
  fi
  say "starting Kafka $version on 127.0.0.1:$port ($security; data in $data_dir)"
  # setsid: the broker must not die with the shell's process group on Ctrl-C before we stop it cleanly.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" kafka.Kafka "$data_dir/server.properties" >"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  wait_ready
}

wait_ready() {
  local deadline=$((SECONDS + start_timeout))
  until port_busy "$port"; do
    running_pid >/dev/null || { tail -n 30 "$log_file" >&2; die "the broker exited during start-up; log: $log_file"; }
    [ $SECONDS -lt $deadline ] || die "the broker did not open port $port within ${start_timeout}s; log: $log_file"
    sleep 0.2
  done
  # An open port is not a working broker: wait until the controller has elected itself and a topic can
  # be created and deleted.
  local remaining=$((deadline - SECONDS))
  [ $remaining -gt 0 ] || remaining=1
  KAFKA_SECURITY=$security KAFKA_PKI_DIR=$pki_dir node "$here/kafka-probe.mjs" "127.0.0.1:$port" "$remaining" ||
    { tail -n 30 "$log_file" >&2; die "the broker on port $port is not usable; log: $log_file"; }
  say "ready on 127.0.0.1:$port"
  if [ "$security" = mtls ]; then
    say "clients connect with TLS and a client certificate; they trust $pki_dir/ca.crt (see README, 'Connect with your own Kafka client')"
  else
    say "PLAINTEXT: no authentication, no authorization (development only)"
  fi
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    say "not running (data dir $data_dir)"
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "no clean shutdown after 30s; killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  say "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  fetch-tools) fetch_tools ;;
  classpath) fetch_tools >/dev/null && printf '%s/*:%s/*\n' "$libs_dir" "$tools_dir" ;;
  start) start ;;
  stop) stop ;;
  status) running_pid >/dev/null ;;
  *) echo "usage: $0 fetch|fetch-tools|classpath|start|stop|status" >&2; exit 2 ;;
esac
