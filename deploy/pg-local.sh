#!/usr/bin/env bash
# pg-local.sh - a private PostgreSQL 15 cluster for development and tests.
#
#   pg-local.sh start DIR   create (first time) and start a cluster in DIR,
#                           listening only on a unix socket in DIR/run;
#                           prints shell assignments for the URLs
#   pg-local.sh stop DIR    stop it
#   pg-local.sh restart DIR restart it (the tests use this)
#
# Roles: lotse_super (superuser, seeds), lotse_owner (owns the schema,
# runs migrations), lotse_app (the service: owns nothing, no BYPASSRLS).
# PostgreSQL refuses to run as root: as root the cluster runs as the
# 'postgres' system user (created if needed).
set -euo pipefail

cmd=${1:?usage: pg-local.sh start|stop|restart DIR}
dir=${2:?usage: pg-local.sh start|stop|restart DIR}
BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v pg_ctl)")
PASS=lotse-dev-password   # local, socket-only clusters; never used for DATABASE_URL deployments

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_user() {
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

# The cluster lives in DIR unless the postgres user cannot reach it (a
# checkout under /root, say) or the socket path would be too long; then in
# a folder under /tmp derived from DIR, so every command finds it again.
resolve_dir() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local alt="/tmp/lotse-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)"
  if [ ${#dir} -gt 80 ] || { [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; }; then
    mkdir -p "$alt"
    dir=$alt
  fi
}

urls() {
  local host="$dir/run"
  echo "DATABASE_URL='postgresql://lotse_app:$PASS@/lotse?host=$host'"
  echo "LOTSE_MIGRATION_DATABASE_URL='postgresql://lotse_owner:$PASS@/lotse?host=$host'"
  echo "LOTSE_SUPER_URL='postgresql://lotse_super:$PASS@/lotse?host=$host'"
}

case "$cmd" in
start)
  ensure_user
  resolve_dir
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/data" "$dir/run"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
    chmod 700 "$dir/data"
    pwfile=$(mktemp); echo "$PASS" > "$pwfile"; chmod 644 "$pwfile"
    as_pg "$BIN/initdb" -D "$dir/data" -U lotse_super --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/run'
unix_socket_permissions = 0770
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
log_min_messages = warning
CONF
    fresh=1
  else
    fresh=0
  fi
  if ! as_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null
  fi
  if [ "$fresh" = 1 ]; then
    PGPASSWORD=$PASS "$BIN/psql" -q -v ON_ERROR_STOP=1 -h "$dir/run" -U lotse_super -d postgres <<SQL
CREATE ROLE lotse_owner LOGIN PASSWORD '$PASS';
CREATE ROLE lotse_app LOGIN PASSWORD '$PASS' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE lotse OWNER lotse_owner;
\c lotse
ALTER SCHEMA public OWNER TO lotse_owner;
SQL
  fi
  urls ;;
stop)
  [ -d "$dir" ] || exit 0
  resolve_dir
  [ -f "$dir/data/PG_VERSION" ] || exit 0
  as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true ;;
restart)
  resolve_dir
  as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w -l "$dir/postgres.log" restart >/dev/null ;;
*)
  echo "usage: pg-local.sh start|stop|restart DIR" >&2; exit 2 ;;
esac
