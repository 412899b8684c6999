# Shared by scripts/start.sh and scripts/test.sh: bring up what Penghubung needs on this machine.
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '[penghubung] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

require_node() {
  command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20.19 or newer."
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: Penghubung needs 20.19 or newer."
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  require_node
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    say "installing npm packages (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed: is the npm registry reachable?"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# PostgreSQL from DATABASE_URL (or the test URL). A local server that is installed but down is started.
ensure_postgres() {
  local url=$1
  local hostport host port
  hostport=$(node -e 'const u=new URL(process.argv[1]);process.stdout.write(`${u.hostname} ${u.port||5432}`)' "$url")
  host=${hostport% *}
  port=${hostport#* }
  if port_open "$host" "$port"; then return 0; fi
  if [ "$host" = 127.0.0.1 ] || [ "$host" = localhost ]; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      local version
      version=$(ls /etc/postgresql | sort -V | tail -n 1)
      say "PostgreSQL is down on $host:$port; starting cluster $version/main"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
        die "could not start PostgreSQL: run 'pg_ctlcluster $version main start' as root and retry"
      local deadline=$((SECONDS + 30))
      until port_open "$host" "$port"; do
        [ $SECONDS -lt $deadline ] || die "PostgreSQL did not open $host:$port within 30s"
        sleep 0.2
      done
      return 0
    fi
  fi
  die "PostgreSQL is not reachable at $host:$port. Start it (e.g. 'pg_ctlcluster 15 main start' or 'systemctl start postgresql'), or point DATABASE_URL at a running server."
}
