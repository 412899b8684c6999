#!/usr/bin/env bash
# npm test: installs what is missing, starts a real Kafka broker and checks PostgreSQL, builds, runs the
# unit and integration tests, and stops what it started. Extra arguments go to Jest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

test_kafka_port=${TEST_KAFKA_PORT:-19092}
test_database_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/penghubung_test}
export TEST_KAFKA_PORT=$test_kafka_port TEST_DATABASE_URL=$test_database_url
# The test broker is secured like the real one (mTLS + ACLs) unless TEST_KAFKA_SECURITY=plaintext.
export KAFKA_SECURITY=${TEST_KAFKA_SECURITY:-mtls}

ensure_node_modules
ensure_postgres "$test_database_url"

started_kafka=0
stop_kafka() {
  if [ "$started_kafka" = 1 ]; then
    KAFKA_PORT=$test_kafka_port KAFKA_DATA_DIR="$root/.run/kafka-test-$test_kafka_port" bash scripts/kafka.sh stop || true
  fi
}
trap stop_kafka EXIT
if ! port_open 127.0.0.1 "$test_kafka_port"; then
  started_kafka=1
  # A fresh log directory per run: topics of earlier runs would only slow the broker down.
  rm -rf "$root/.run/kafka-test-$test_kafka_port"
  KAFKA_PORT=$test_kafka_port KAFKA_DATA_DIR="$root/.run/kafka-test-$test_kafka_port" bash scripts/kafka.sh start
fi

# The start-up tests run the built apps as real processes.
npm run --silent build
npx jest --maxWorkers=2 "$@"
