#!/usr/bin/env bash
# Runs a real Apache Kafka cluster (KRaft; each node broker+controller in one JVM; one node unless
# KAFKA_NODES says more) from the official org.apache.kafka jars on Maven Central. No Docker needed.
#
#   scripts/kafka.sh fetch     download the jars once into the cache (outside the git tree)
#   scripts/kafka.sh fetch-tools   also Kafka's own tools (kafka-tools: console consumer, perf tools)
#   scripts/kafka.sh classpath     fetch-tools, then print the Java class path of broker jars + tools
#   scripts/kafka.sh start     fetch if needed, format storage if new, start, wait until a topic can be created
#   scripts/kafka.sh stop      stop the nodes started from the same data dir (SIGTERM, then SIGKILL)
#   scripts/kafka.sh status    exit 0 when every node of this data dir runs
#   scripts/kafka.sh brokers   print the bootstrap list (127.0.0.1:<port>,…) for KAFKA_BROKERS
#   scripts/kafka.sh stop-node N / start-node N    one node of a cluster (fault tests, rolling restarts)
#
# Environment (all optional):
#   KAFKA_VERSION            broker version (default 4.3.1; see README for why)
#   KAFKA_NODES              nodes in the cluster, 1 to 5 (default 1); from 3 on, topics get 3 replicas and
#                            min.insync.replicas=2 (internal topics too), below 3 as many replicas as nodes
#   KAFKA_PORT               client listener of node 1 on 127.0.0.1 (default 9092); node i: KAFKA_PORT + 2(i-1)
#   KAFKA_CONTROLLER_PORT    KRaft controller listener of a single node (default KAFKA_PORT + 1); node i of a
#                            cluster: its client port + 1
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
nodes=${KAFKA_NODES:-1}
case "$nodes" in
  [1-5]) ;;
  *) printf '[kafka] error: KAFKA_NODES must be from 1 to 5, got %s\n' "$nodes" >&2; exit 2 ;;
esac
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
listeners=PLAINTEXT://127.0.0.1:$node_port,CONTROLLER://127.0.0.1:$node_controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$node_port
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
EOF
    return
  fi
  # One TLS listener for clients and brokers, one for the controller; a client certificate is required on
  # both, so nothing unauthenticated gets past the handshake. The broker's own certificate maps to
  # User:broker, a super user, which KRaft registration needs.
  cat <<EOF
listeners=CLIENT://127.0.0.1:$node_port,CONTROLLER://127.0.0.1:$node_controller_port
advertised.listeners=CLIENT://127.0.0.1:$node_port
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

# Node i of the cluster: its id, ports and directory. One node (the default) keeps the historical layout
# (KAFKA_PORT, KAFKA_CONTROLLER_PORT, the data dir itself); with KAFKA_NODES=N node i listens on
# KAFKA_PORT + 2(i-1) for clients and the port after it for the controller, in <data dir>/node-i.
select_node() {
  node_id=$1
  if [ "$nodes" = 1 ]; then
    node_port=$port
    node_controller_port=$controller_port
    node_dir=$data_dir
  else
    node_port=$((port + 2 * (node_id - 1)))
    node_controller_port=$((node_port + 1))
    node_dir=$data_dir/node-$node_id
  fi
  pid_file=$node_dir/kafka.pid
  log_file=$node_dir/kafka.log
}

bootstrap_servers() {
  local list="" i
  for i in $(seq 1 "$nodes"); do
    select_node "$i"
    list="${list:+$list,}127.0.0.1:$node_port"
  done
  printf '%s' "$list"
}

quorum_voters() {
  local list="" i
  for i in $(seq 1 "$nodes"); do
    select_node "$i"
    list="${list:+$list,}$i@127.0.0.1:$node_controller_port"
  done
  printf '%s' "$list"
}

write_properties() {
  local voters=$1
  # Replication follows the cluster's size: three copies and two in sync (acks=all survives one broker
  # down) from three nodes on, one copy on a single node. Apps create topics with the broker's defaults.
  local replicas=$((nodes < 3 ? nodes : 3))
  local min_isr=$((replicas >= 3 ? 2 : 1))
  {
    cat <<EOF
process.roles=broker,controller
node.id=$node_id
controller.quorum.voters=$voters
controller.listener.names=CONTROLLER
EOF
    listener_properties
    cat <<EOF
log.dirs=$node_dir/data
num.partitions=1
default.replication.factor=$replicas
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
message.max.bytes=2097152
EOF
  } >"$node_dir/server.properties"
}

# Starts node $1 (prepared: properties written, storage formatted) in the background.
launch_node() {
  select_node "$1"
  if pid=$(running_pid); then
    say "node $node_id already running (pid $pid) on 127.0.0.1:$node_port"
    return 0
  fi
  port_busy "$node_port" && die "port $node_port is already in use by another process. Stop it, or choose another port with KAFKA_PORT=..."
  port_busy "$node_controller_port" && die "controller port $node_controller_port is already in use. Choose another with KAFKA_PORT (or KAFKA_CONTROLLER_PORT for one node)."
  say "starting Kafka $version node $node_id on 127.0.0.1:$node_port ($security; data in $node_dir)"
  # setsid: the broker must not die with the shell's process group on Ctrl-C before we stop it cleanly.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$libs_dir/*" kafka.Kafka "$node_dir/server.properties" >"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
}

prepare_nodes() {
  fetch
  need_java
  mkdir -p "$data_dir"
  [ "$security" = plaintext ] || KAFKA_PKI_DIR=$pki_dir bash "$here/pki.sh"
  local voters cluster_id i
  voters=$(quorum_voters)
  # One cluster id for all nodes, kept beside them so that a node formatted later joins the same cluster.
  if [ ! -s "$data_dir/cluster.id" ]; then
    java -cp "$libs_dir/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 >"$data_dir/cluster.id"
  fi
  cluster_id=$(cat "$data_dir/cluster.id")
  for i in $(seq 1 "$nodes"); do
    select_node "$i"
    mkdir -p "$node_dir"
    write_properties "$voters"
    if [ ! -f "$node_dir/data/meta.properties" ]; then
      java -cp "$libs_dir/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$node_dir/server.properties" \
        >"$node_dir/format.log" 2>&1 || { cat "$node_dir/format.log" >&2; die "formatting KRaft storage of node $i failed"; }
    fi
  done
}

start() {
  prepare_nodes
  local i
  for i in $(seq 1 "$nodes"); do launch_node "$i"; done
  wait_ready
}

wait_ready() {
  local deadline=$((SECONDS + start_timeout)) i
  for i in $(seq 1 "$nodes"); do
    select_node "$i"
    until port_busy "$node_port"; do
      running_pid >/dev/null || { tail -n 30 "$log_file" >&2; die "node $i exited during start-up; log: $log_file"; }
      [ $SECONDS -lt $deadline ] || die "node $i did not open port $node_port within ${start_timeout}s; log: $log_file"
      sleep 0.2
    done
  done
  # An open port is not a working cluster: wait until the controllers have elected a leader and a topic
  # (with the cluster's replication) can be created and deleted.
  local remaining=$((deadline - SECONDS)) brokers
  [ $remaining -gt 0 ] || remaining=1
  brokers=$(bootstrap_servers)
  KAFKA_SECURITY=$security KAFKA_PKI_DIR=$pki_dir node "$here/kafka-probe.mjs" "$brokers" "$remaining" ||
    { tail -n 30 "$log_file" >&2; die "Kafka at $brokers is not usable; log: $log_file"; }
  say "ready on $brokers"
  if [ "$security" = mtls ]; then
    say "clients connect with TLS and a client certificate; they trust $pki_dir/ca.crt (see README, 'Connect with your own Kafka client')"
  else
    say "PLAINTEXT: no authentication, no authorization (development only)"
  fi
}

stop_node() {
  select_node "$1"
  local pid
  if ! pid=$(running_pid); then
    say "node $node_id not running (data dir $node_dir)"
    rm -f "$pid_file"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "no clean shutdown of node $node_id after 30s; killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  say "stopped node $node_id"
}

stop() {
  local i
  # Highest id first: the others keep a quorum while each shuts down cleanly.
  for i in $(seq "$nodes" -1 1); do stop_node "$i"; done
}

node_arg() {
  local i=${1:-}
  [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$nodes" ] || die "name a node from 1 to $nodes"
  printf '%s' "$i"
}

all_running() {
  local i
  for i in $(seq 1 "$nodes"); do
    select_node "$i"
    running_pid >/dev/null || return 1
  done
}

case "${1:-}" in
  fetch) fetch ;;
  fetch-tools) fetch_tools ;;
  classpath) fetch_tools >/dev/null && printf '%s/*:%s/*\n' "$libs_dir" "$tools_dir" ;;
  start) start ;;
  stop) stop ;;
  status) all_running ;;
  brokers) bootstrap_servers && echo ;;
  start-node) n=$(node_arg "${2:-}") && prepare_nodes && launch_node "$n" && wait_ready ;;
  stop-node) n=$(node_arg "${2:-}") && stop_node "$n" ;;
  *) echo "usage: $0 fetch|fetch-tools|classpath|start|stop|status|brokers|start-node N|stop-node N" >&2; exit 2 ;;
esac
