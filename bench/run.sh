#!/usr/bin/env bash
# npm run bench: builds, starts a broker and a database of the benchmark's own, runs every benchmark in
# bench/, prints their JSON results and stops what it started. Loopback only; every loop is bounded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$root"

export BENCH_KAFKA_PORT=${BENCH_KAFKA_PORT:-29092}
export BENCH_DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/penghubung_bench}
# The broker as it runs for real (mTLS + ACLs); BENCH_KAFKA_SECURITY=plaintext measures without TLS.
export BENCH_KAFKA_SECURITY=${BENCH_KAFKA_SECURITY:-mtls}
export KAFKA_PKI_DIR=${KAFKA_PKI_DIR:-$root/.run/pki}
data_dir=$root/.run/kafka-bench-$BENCH_KAFKA_PORT

ensure_node_modules
ensure_postgres "$BENCH_DATABASE_URL"
npm run --silent build

stop_kafka() { KAFKA_PORT=$BENCH_KAFKA_PORT KAFKA_DATA_DIR=$data_dir bash scripts/kafka.sh stop || true; }
trap stop_kafka EXIT
stop_kafka
rm -rf "$data_dir"
KAFKA_PORT=$BENCH_KAFKA_PORT KAFKA_DATA_DIR=$data_dir KAFKA_HEAP=${KAFKA_HEAP:-1g} KAFKA_SECURITY=$BENCH_KAFKA_SECURITY \
  bash scripts/kafka.sh start

mkdir -p bench/results
for bench in "${@:-pipeline}"; do
  say "running bench/$bench.ts"
  BENCH_OUTPUT=bench/results/$bench.json node "dist/bench/$bench.js" | tee "bench/results/$bench.out"
done
