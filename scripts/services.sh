#!/usr/bin/env bash
# Makes PostgreSQL and Redis available at DATABASE_URL and REDIS_URL (taken from the
# environment, else from .env, else the local defaults below).
#
# For each service: if the URL already answers, use it as it is. Otherwise, when the
# URL names this machine, start the installed server, installing it first (Debian, as
# root) when it is missing; then make sure the URL's role and database exist. Remote
# URLs are only checked. A second run is a quick no-op that prints one line a service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# .env fills in what the environment leaves unset; the environment wins.
if [[ -f .env ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?(DATABASE_URL|REDIS_URL)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]} val=${BASH_REMATCH[3]%$'\r'}
    [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]] && val=${BASH_REMATCH[1]}
    [[ -n ${!key+set} ]] || export "$key=$val"
  done <.env
fi
DATABASE_URL=${DATABASE_URL:-postgresql://shortlist:shortlist@127.0.0.1:5432/shortlist}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}

die() { printf '%s\n' "$@" >&2; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }
urldecode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

# scheme://[user[:password]@]host[:port][/path][?query] -> U_USER U_PASS U_HOST U_PORT U_PATH U_QUERY
parse_url() {
  local re='^[a-z]+://(([^:@/]*)(:([^@/]*))?@)?(\[[^]/]+\]|[^:/?]*)(:([0-9]+))?(/([^?]*))?(\?(.*))?$'
  [[ $1 =~ $re ]] || die "$2 is not a URL this script understands"
  U_USER=$(urldecode "${BASH_REMATCH[2]}") U_PASS=$(urldecode "${BASH_REMATCH[4]}")
  U_HOST=${BASH_REMATCH[5]#[} U_HOST=${U_HOST%]} U_PORT=${BASH_REMATCH[7]}
  U_PATH=$(urldecode "${BASH_REMATCH[9]}") U_QUERY=${BASH_REMATCH[11]}
}

# Installing is only automatic for root on Debian; anywhere else say what is needed.
apt_updated=
apt_install() {
  if is_root && [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null; then
    echo "installing $* (apt-get)..."
    [[ -n $apt_updated ]] || { apt-get update -qq; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 "$@" >/dev/null
  else
    die "Missing: $*." \
      "Install PostgreSQL (with the citext and pg_trgm extensions, i.e. contrib) and Redis >= 6.2, e.g." \
      "  Debian/Ubuntu: sudo apt-get install postgresql redis-server" \
      "  macOS:         brew install postgresql redis" \
      "or point DATABASE_URL / REDIS_URL at running servers, then run this again."
  fi
}

# ───────────────────────────── PostgreSQL ─────────────────────────────
parse_url "$DATABASE_URL" DATABASE_URL
PG_USER=${U_USER:-$(id -un)} PG_PASS=$U_PASS PG_HOST=${U_HOST:-127.0.0.1} PG_PORT=${U_PORT:-5432}
PG_DB=${U_PATH:-$PG_USER}
PG_SSLMODE=$([[ $U_QUERY =~ (^|&)sslmode=([^&]*) ]] && echo "${BASH_REMATCH[2]}" || true)
PG_WHERE="$PG_HOST:$PG_PORT"

# Ready means: we can log in, may create things in the database (trusted extensions
# need CREATE on it), may create databases (tests make their own), and citext and
# pg_trgm are either installed already or trusted, so migrations can create them.
PG_READY_SQL="SELECT has_database_privilege(current_database(), 'CREATE')
  AND (SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user)
  AND (SELECT count(DISTINCT name) FROM pg_available_extension_versions
       WHERE name IN ('citext', 'pg_trgm')
         AND (trusted OR name IN (SELECT extname FROM pg_extension))) = 2"
pg_as_project() { # psql as the URL's role; the password goes by environment, not argv
  PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER PGPASSWORD=$PG_PASS PGDATABASE=$PG_DB \
    PGSSLMODE=${PG_SSLMODE:-prefer} PGCONNECT_TIMEOUT=5 psql -XAtq -v ON_ERROR_STOP=1 "$@"
}
pg_ready() { PG_ERR=$(pg_as_project -c "$PG_READY_SQL" 2>&1) && [[ $PG_ERR == t ]]; }
pg_as_super() { # local superuser over the Unix socket (peer authentication)
  local cmd=(env -u PGHOST -u PGHOSTADDR -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE
    psql -Xq -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@")
  if is_root; then runuser -u postgres -- "${cmd[@]}"
  elif [[ $(id -un) == postgres ]]; then "${cmd[@]}"
  else return 1; fi
}
psql_quote() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\'\'}"; } # for \set

pg_start_local() {
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3 && return 0
  command -v pg_lsclusters >/dev/null ||
    die "postgres: nothing answers at $PG_WHERE and this is not a Debian-style install (no pg_ctlcluster):" \
      "start your PostgreSQL server on port $PG_PORT, then run this again."
  local line ver name
  line=$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print; exit }')
  if [[ -z $line ]]; then
    [[ -z $(pg_lsclusters -h) ]] ||
      die "postgres: no cluster listens on port $PG_PORT (pg_lsclusters shows the others); set DATABASE_URL to one of them."
    is_root || die "postgres: no cluster exists; run: sudo pg_createcluster --start $(ls /usr/lib/postgresql | sort -V | tail -1) main --port $PG_PORT"
    ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
    echo "postgres: creating cluster $ver/main on port $PG_PORT..."
    pg_createcluster "$ver" main --port "$PG_PORT" >/dev/null
    line=$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print; exit }')
  fi
  read -r ver name _ <<<"$line"
  # No systemd here: --skip-systemctl-redirect makes pg_ctlcluster start it directly.
  if ! pg_lsclusters -h "$ver" "$name" | grep -q online; then
    is_root || [[ $(id -un) == postgres ]] ||
      die "postgres: cluster $ver/$name is down; run: sudo pg_ctlcluster $ver $name start"
    echo "postgres: starting cluster $ver/$name..."
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
  fi
  for _ in $(seq 60); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 1 && return 0; sleep 0.5; done
  die "postgres: cluster $ver/$name did not come up; see /var/log/postgresql/postgresql-$ver-$name.log"
}

# Creates or fixes only the URL's own role and database (never a superuser role).
pg_provision() {
  {
    printf '\\set role %s\n\\set pw %s\n\\set db %s\n' \
      "$(psql_quote "$PG_USER")" "$(psql_quote "$PG_PASS")" "$(psql_quote "$PG_DB")"
    cat <<'SQL'
SELECT format('CREATE ROLE %I', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
  FROM pg_roles WHERE rolname = :'role' AND NOT rolsuper \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role')
  FROM pg_database WHERE datname = :'db' AND pg_get_userbyid(datdba) <> :'role' \gexec
SQL
  } | pg_as_super -d postgres
  # From PostgreSQL 13 citext and pg_trgm are trusted: the migrations create them as
  # the database owner. Where they are not (older, or contrib missing), a superuser
  # creates them in this database now.
  [[ $(pg_as_super -d "$PG_DB" -At -c "SELECT count(DISTINCT name) FROM pg_available_extension_versions
      WHERE name IN ('citext', 'pg_trgm') AND trusted") == 2 ]] && return 0
  pg_as_super -d "$PG_DB" -c 'CREATE EXTENSION IF NOT EXISTS citext' \
    -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' 2>/dev/null ||
    die "postgres: could not create the citext and pg_trgm extensions in $PG_DB; install PostgreSQL's contrib package."
}

if ! pg_ready; then
  is_local "$PG_HOST" || die "postgres: $PG_WHERE (db $PG_DB) is not usable: $PG_ERR"
  if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && ! command -v postgres >/dev/null; then
    apt_install postgresql
  fi
  pg_start_local
  if ! pg_ready; then
    if ! is_root && [[ $(id -un) != postgres ]]; then
      die "postgres: $PG_WHERE is up but role/database are not ready ($PG_ERR). As the postgres user, run:" \
        "  CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '<password from DATABASE_URL>';" \
        "  CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\";"
    fi
    echo "postgres: creating role $PG_USER and database $PG_DB..."
    pg_provision
    pg_ready || die "postgres: $PG_WHERE still not usable as $PG_USER: $PG_ERR"
  fi
fi
echo "postgres: ready at $PG_WHERE (db $PG_DB)"

# ───────────────────────────── Redis ─────────────────────────────
parse_url "$REDIS_URL" REDIS_URL
R_HOST=${U_HOST:-127.0.0.1} R_PORT=${U_PORT:-6379} R_WHERE="${U_HOST:-127.0.0.1}:${U_PORT:-6379}"
redis() { timeout 5 redis-cli --no-auth-warning -u "$REDIS_URL" "$@" 2>&1; }
redis_ready() { command -v redis-cli >/dev/null && [[ $(redis ping) == PONG ]]; }

if ! redis_ready; then
  is_local "$R_HOST" || {
    command -v redis-cli >/dev/null || apt_install redis-tools
    die "redis: $R_WHERE does not answer: $(redis ping)"
  }
  command -v redis-server >/dev/null || apt_install redis-server
fi
if ! redis_ready; then # (the package's own service may have started with the install)
  # Our own instance, data outside the work tree so it outlives a clone. Append-only
  # file on (fsync every second): BullMQ keeps queued e-mails in Redis, and without
  # it a crash or restart loses everything since the last snapshot. noeviction: BullMQ
  # needs keys never to be evicted.
  state=${SHORTLIST_STATE_DIR:-$(is_root && echo /var/lib/shortlist ||
    echo "${XDG_STATE_HOME:-$HOME/.local/state}/shortlist")}/redis-$R_PORT
  mkdir -p "$state"
  echo "redis: starting redis-server on port $R_PORT (data in $state)..."
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$R_PORT" --dir "$state" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --logfile "$state/redis.log" --pidfile "$state/redis.pid" >/dev/null
  for _ in $(seq 60); do redis_ready && break; sleep 0.5; done
  redis_ready || die "redis: did not come up on port $R_PORT; see $state/redis.log"
fi
aof=$(redis config get appendonly | sed -n 2p)
case $aof in
yes) echo "redis: ready at $R_WHERE (appendonly yes)" ;;
no) echo "redis: ready at $R_WHERE (WARNING: appendonly no, queued jobs can be lost on a crash)" ;;
*) echo "redis: ready at $R_WHERE" ;; # CONFIG may be disabled on managed servers
esac

# ───────────────────────────── Chromium (tests only) ─────────────────────────────
# The candidate pages are tested in a real headless browser: Debian's chromium,
# driven by playwright-core (which downloads nothing). Only `npm test` asks for it.
if [[ -n ${SHORTLIST_NEEDS_BROWSER:-} ]]; then
  chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  [[ -x $chromium ]] || apt_install chromium
  [[ -x $chromium ]] || die "chromium: $chromium not found; install Debian's chromium or set CHROMIUM_PATH"
  echo "chromium: $("$chromium" --version 2>/dev/null | head -n 1)"
fi
