# Shared by scripts/run and scripts/test: make sure a local PostgreSQL answers on 127.0.0.1:5432 and that the
# postbox role (password postbox, allowed to create databases) exists.

PG_HOST=127.0.0.1
PG_PORT=5432

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  elif command -v sudo >/dev/null 2>&1; then
    (cd / && sudo -u postgres "$@")
  else
    "$@"
  fi
}

ensure_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    ensure_postbox_role
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "PostgreSQL is not installed; installing it with apt-get" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      echo "PostgreSQL is not installed: install it (Debian: apt-get install postgresql) and run this again" >&2
      exit 1
    fi
  fi
  local cluster
  cluster=$(local_cluster)
  if [ -z "$cluster" ]; then
    echo "No PostgreSQL cluster on port $PG_PORT (see pg_lsclusters)" >&2
    exit 1
  fi
  echo "Starting PostgreSQL cluster $cluster" >&2
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start
  await_postgres 30 || { echo "PostgreSQL did not come up" >&2; exit 1; }
  ensure_postbox_role
}

# local_cluster: "<version> <name>" of the Debian cluster on PG_PORT, empty when there is none
local_cluster() {
  pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port {print $1" "$2; exit}'
}

# await_postgres TRIES: waits up to TRIES half-seconds for PostgreSQL to answer; fails when it does not
await_postgres() {
  for _ in $(seq 1 "$1"); do
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return 0
    sleep 0.5
  done
  return 1
}

ensure_postbox_role() {
  if PGPASSWORD=postbox psql -h "$PG_HOST" -p "$PG_PORT" -U postbox -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    return
  fi
  as_postgres psql -q -v ON_ERROR_STOP=1 -c \
    "DO \$\$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'postbox') THEN
         CREATE ROLE postbox LOGIN PASSWORD 'postbox' CREATEDB;
       ELSE
         ALTER ROLE postbox LOGIN PASSWORD 'postbox' CREATEDB;
       END IF;
     END \$\$;" >/dev/null
}

# createdb NAME: creates the database owned by postbox unless it exists.
ensure_database() {
  local name=$1
  if ! PGPASSWORD=postbox psql -h "$PG_HOST" -p "$PG_PORT" -U postbox -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    PGPASSWORD=postbox createdb -h "$PG_HOST" -p "$PG_PORT" -U postbox "$name"
  fi
}

drop_database() {
  PGPASSWORD=postbox dropdb --if-exists --force -h "$PG_HOST" -p "$PG_PORT" -U postbox "$1" >/dev/null 2>&1 || true
}
