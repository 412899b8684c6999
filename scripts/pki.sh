#!/usr/bin/env bash
# The local certificate authority of one Penghubung installation and the certificates of its own parts.
# Created once (idempotent), never committed: the directory holds private keys (mode 700, keys 600).
#
#   scripts/pki.sh [dir]     create what is missing in dir (default: KAFKA_PKI_DIR, else .run/pki)
#
# What it writes (all PEM):
#   ca.crt, ca.key                     the CA that signs every broker, service and agency certificate;
#                                      clients trust ca.crt, the registry signs agency certificates with ca.key
#   broker.pem                         the broker's key and certificate (subject CN=broker,OU=service)
#   penghubung-<part>.crt / .key       one client identity per part: registry, router, gateway, dispatcher,
#                                      and operator (the person or tool running the installation)
#
# Subjects are /O=Penghubung/OU=service/CN=<principal>; the broker maps them to User:<principal>
# (ssl.principal.mapping.rules in scripts/kafka.sh). Agency certificates (OU=agency) come from the registry.
#
# Environment: KAFKA_TLS_HOSTS  extra subjectAltName entries for the broker certificate, comma-separated
#              (e.g. "DNS:kafka.example.go.id,IP:10.1.2.3"); localhost and 127.0.0.1 are always in it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
dir=${1:-${KAFKA_PKI_DIR:-$root/.run/pki}}
services=(registry router gateway dispatcher operator)

say() { printf '[pki] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
command -v openssl >/dev/null 2>&1 || die "openssl not found: install it (e.g. 'apt-get install openssl')"

mkdir -p "$dir"
chmod 700 "$dir"
umask 077

serial() { printf '0x%s' "$(openssl rand -hex 16)"; }

if [ ! -s "$dir/ca.crt" ] || [ ! -s "$dir/ca.key" ]; then
  say "creating a local certificate authority in $dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 3650 \
    -set_serial "$(serial)" -subj "/O=Penghubung/OU=local-ca/CN=Penghubung local CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null || die "could not create the CA"
fi

# issue <name> <OU> <extfile>: key + certificate signed by the CA (825 days, the usual TLS maximum).
issue() {
  local name=$1 unit=$2 ext=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -subj "/O=Penghubung/OU=$unit/CN=$name" -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null ||
    die "could not create a key for $name"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "$(serial)" \
    -days 825 -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null || die "could not sign $name"
  rm -f "$dir/$name.csr"
}

ext=$(mktemp)
trap 'rm -f "$ext"' EXIT

if [ ! -s "$dir/broker.pem" ]; then
  say "issuing the broker certificate"
  sans="DNS:localhost,IP:127.0.0.1${KAFKA_TLS_HOSTS:+,$KAFKA_TLS_HOSTS}"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' \
    "$sans" >"$ext"
  issue broker service "$ext"
  # Kafka's PEM key store: the private key (PKCS#8, unencrypted) followed by the certificate.
  cat "$dir/broker.key" "$dir/broker.crt" >"$dir/broker.pem"
  rm -f "$dir/broker.key" "$dir/broker.crt"
fi

printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >"$ext"
for part in "${services[@]}"; do
  name=penghubung-$part
  if [ ! -s "$dir/$name.crt" ] || [ ! -s "$dir/$name.key" ]; then
    say "issuing the client certificate of $name"
    issue "$name" service "$ext"
  fi
done
