#!/usr/bin/env bash
# docker-check.sh - `make docker-check`: proves deploy/Dockerfile builds and
# its image serves, without a Docker engine (none runs on the build
# machines), and checks docker-compose.yml with Debian's docker-compose.
#
# Each stage of the Dockerfile is replayed in a chroot made from a Debian 12
# minbase debootstrap (what debian:12-slim is, less the removed docs): RUN
# runs in /bin/sh -c inside the chroot, WORKDIR, COPY (from the build
# context less .dockerignore, or --from a stage), ENV and USER as Docker
# does.  Then the final stage's ENTRYPOINT runs as its USER against a
# private PostgreSQL (its socket bound into the chroot), migrates, and must
# answer its HEALTHCHECK and /readyz.  Needs root (chroot, mount).
# The debootstrap is cached as build/docker-check/debian-12-minbase.tar;
# DEBIAN_MIRROR overrides the mirror.  Takes 3-5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "docker-check: needs root (chroot, mount)" >&2; exit 1; }
repo=$PWD
work=$repo/build/docker-check
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=$work/debian-12-minbase.tar
mkdir -p "$work"
t0=$(date +%s)
say() { echo "docker-check: [$(( $(date +%s) - t0 )) s] $*" >&2; }

mounted=()
pgdir=""
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  [ -n "$pgdir" ] && bash "$repo/deploy/pg-local.sh" stop "$pgdir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ ! -f "$base" ]; then
  say "debootstrap --variant=minbase bookworm (once; cached in $base)"
  rm -rf "$work/debootstrap"
  debootstrap --variant=minbase bookworm "$work/debootstrap" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  tar -C "$work/debootstrap" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf "$work/debootstrap"
fi

# the build context: the checkout less what .dockerignore names
context=$work/context
rm -rf "$context" && mkdir -p "$context"
excludes=()
while IFS= read -r pat; do
  pat=${pat%%#*}; pat=${pat// /}
  [ -n "$pat" ] && excludes+=("--exclude=./${pat#/}")
done < .dockerignore
tar "${excludes[@]}" -cf - . | tar -C "$context" -xf -

# the Dockerfile's instructions, one per line (continuations joined)
instructions=$work/instructions
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' deploy/Dockerfile | grep -vE '^[[:space:]]*(#|$)' > "$instructions"

stage_root=""
declare -A stage_dir
n=0
workdir=/
user=0
envs=()
entrypoint=""
healthcheck=""
while IFS= read -r line; do
  op=${line%% *}
  arg=${line#* }
  case ${op^^} in
  FROM)
    image=${arg%% *}
    [ "$image" = "debian:12-slim" ] || { echo "docker-check: cannot replay FROM $image (only debian:12-slim)" >&2; exit 1; }
    n=$((n + 1))
    name=$n
    [[ "$arg" =~ [[:space:]][Aa][Ss][[:space:]]+([A-Za-z0-9_-]+) ]] && name=${BASH_REMATCH[1]}
    stage_root=$work/stage-$n
    stage_dir[$name]=$stage_root
    stage_dir[$((n - 1))]=$stage_root
    rm -rf "$stage_root" && mkdir -p "$stage_root"
    tar -C "$stage_root" -xf "$base"
    cp /etc/resolv.conf "$stage_root/etc/resolv.conf"
    mount -t proc proc "$stage_root/proc" && mounted+=("$stage_root/proc")
    mount --bind /dev "$stage_root/dev" && mounted+=("$stage_root/dev")
    workdir=/ user=0 envs=() entrypoint="" healthcheck=""
    say "stage $n ($name) from $image" ;;
  RUN)
    say "RUN ${arg:0:100}"
    chroot "$stage_root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root "${envs[@]}" /bin/sh -c "cd '$workdir' && $arg" >"$work/run.log" 2>&1 \
      || { tail -30 "$work/run.log" >&2; echo "docker-check: FAILED: RUN $arg" >&2; exit 1; } ;;
  WORKDIR)
    workdir=$arg
    mkdir -p "$stage_root$workdir" ;;
  COPY)
    from=$context
    if [[ "$arg" == --from=* ]]; then
      src_stage=${arg%% *}; src_stage=${src_stage#--from=}
      from=${stage_dir[$src_stage]:?unknown stage $src_stage}
      arg=${arg#* }
    fi
    read -r -a parts <<< "$arg"
    dest=${parts[-1]}
    [[ "$dest" = /* ]] || dest=$workdir/$dest
    say "COPY ${parts[*]:0:${#parts[@]}-1} -> $dest"
    for src in "${parts[@]:0:${#parts[@]}-1}"; do
      if [ -d "$from/$src" ]; then
        mkdir -p "$stage_root$dest" && cp -a "$from/$src/." "$stage_root$dest/"
      elif [[ "$dest" = */ ]]; then
        mkdir -p "$stage_root$dest" && cp -a "$from/$src" "$stage_root$dest"
      else
        mkdir -p "$(dirname "$stage_root$dest")" && cp -a "$from/$src" "$stage_root$dest"
      fi
    done ;;
  ENV)
    read -r -a kv <<< "$arg"
    envs+=("${kv[@]}") ;;
  USER) user=$arg ;;
  ENTRYPOINT) entrypoint=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$arg") ;;
  CMD) cmd=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$arg") ;;
  HEALTHCHECK) healthcheck=${arg#*CMD } ;;
  EXPOSE) ;;
  *) echo "docker-check: cannot replay $op" >&2; exit 1 ;;
  esac
done < "$instructions"

# the final image: its libraries resolve, and it serves as its USER
if chroot "$stage_root" ldd "${entrypoint%% *}" | grep -q "not found"; then
  chroot "$stage_root" ldd "${entrypoint%% *}" >&2
  echo "docker-check: FAILED: the image lacks a library" >&2
  exit 1
fi
pgdir=$work/pg
rm -rf "$pgdir"
eval "$(bash deploy/pg-local.sh start "$pgdir")"
sock=${DATABASE_URL##*host=}
# the image's user is not in the cluster's group: open the socket to it
chmod 755 "$sock" && chmod 777 "$sock"/.s.PGSQL.*
mkdir -p "$stage_root/pgrun"
mount --bind "$sock" "$stage_root/pgrun" && mounted+=("$stage_root/pgrun")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
say "the image's entrypoint as user $user: $entrypoint $cmd (port $port)"
chroot --userspec="$user:$user" "$stage_root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin "${envs[@]}" \
  LOTSE_LISTEN=127.0.0.1 LOTSE_PORT=$port \
  LOTSE_JWT_SECRET=docker-check-only-secret-0123456789abcdef \
  DATABASE_URL="${DATABASE_URL%%host=*}host=/pgrun" \
  LOTSE_MIGRATION_DATABASE_URL="${LOTSE_MIGRATION_DATABASE_URL%%host=*}host=/pgrun" \
  $entrypoint $cmd >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.2
done
if ! curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null; then
  tail -20 "$work/serve.log" >&2
  echo "docker-check: FAILED: the image's lotse did not become ready" >&2
  exit 1
fi
health=${healthcheck//8080/$port}
chroot --userspec="$user:$user" "$stage_root" /bin/sh -c "$health" >/dev/null \
  || { echo "docker-check: FAILED: HEALTHCHECK $health" >&2; exit 1; }
say "the image serves: /readyz 200, HEALTHCHECK passes, migrations applied as its user"

# the compose file, as Debian 12's docker-compose (1.29) reads it
if command -v docker-compose >/dev/null; then
  docker-compose -f docker-compose.yml config -q
  services=$(docker-compose -f docker-compose.yml --profile scale config --services | sort | tr '\n' ' ')
  [ "$services" = "api api-2 db lb " ] || { echo "docker-check: compose services: $services" >&2; exit 1; }
  images=$(grep -hE '^(FROM|[[:space:]]+image:)' deploy/Dockerfile deploy/haproxy.Dockerfile docker-compose.yml \
    | awk '{print $2}' | sort -u | tr '\n' ' ')
  say "docker-compose $(docker-compose version --short) reads docker-compose.yml: services $services; images pulled: $images"
fi
say "ok"
