#!/bin/bash
# Entrypoint of fluentmeet/postgres-offline (see README.md). Behaves like the
# official image's for the variables it documents: POSTGRES_PASSWORD (required
# unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (postgres), POSTGRES_DB
# (= the user), POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (scram-sha-256),
# PGDATA; *.sql and *.sh in /docker-entrypoint-initdb.d run once after initdb.
set -euo pipefail

if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi
if [[ "${1:-}" != postgres ]]; then exec "$@"; fi

# Started as root: own the data directory (a fresh volume is root's), then drop to postgres.
if [[ "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  if [[ -z "${POSTGRES_PASSWORD:-}" && "$AUTH" != trust ]]; then
    echo 'error: the database is uninitialized and POSTGRES_PASSWORD is not set' \
      '(or set POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)' >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of flags
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$AUTH" \
    ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  printf '\nhost all all all %s\n' "$AUTH" >>"$PGDATA/pg_hba.conf"

  # Init phase on the socket only, so that nobody connects over TCP before it is done.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres)
  if [[ "$POSTGRES_DB" != postgres ]]; then
    "${psql[@]}" --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sql) echo "running $file"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$file" ;;
      *.sh)
        echo "running $file"
        # shellcheck disable=SC1090 # the operator's init scripts, sourced as the official image does
        . "$file"
        ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo 'PostgreSQL init process complete; ready for start up.'
fi

shift
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
