#!/usr/bin/env bash
# Builds fluentmeet/postgres-offline:15, a stand-in for the official postgres:15
# image, WITHOUT any Docker registry (see README.md):
#   1. debootstrap a minimal Debian bookworm rootfs with Debian's postgresql-15,
#   2. drop the "main" cluster the package creates and the JIT (LLVM), give the postgres user the
#      official image's uid/gid 999, add entrypoint.sh, `tar | docker import`.
# Skips everything if the image already exists (FORCE=1 rebuilds). Needs root and docker.
#
# Env: POSTGRES_OFFLINE_IMAGE (tag), DEBIAN_MIRROR, FORCE.
set -euo pipefail

PG_MAJOR=15
POSTGRES_OFFLINE_IMAGE="${POSTGRES_OFFLINE_IMAGE:-fluentmeet/postgres-offline:$PG_MAJOR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROOTFS_LOG_PREFIX=postgres-offline
# shellcheck source-path=SCRIPTDIR source=../lib/debian-rootfs.sh
. "$HERE/../lib/debian-rootfs.sh"

rootfs_skip_if_exists "$POSTGRES_OFFLINE_IMAGE"
rootfs_require
rootfs_prepare postgres-offline
rootfs_log "building $POSTGRES_OFFLINE_IMAGE (Debian $ROOTFS_SUITE postgresql-$PG_MAJOR from $ROOTFS_MIRROR)"

rootfs_begin debootstrap
rootfs_debootstrap "postgresql-$PG_MAJOR"
rootfs_shrink
rootfs_end debootstrap

rootfs_begin configure
# The package's own cluster lives outside the volume; the entrypoint runs initdb there instead.
rm -rf "$ROOTFS/etc/postgresql/$PG_MAJOR/main" "$ROOTFS/var/lib/postgresql/$PG_MAJOR/main"
old_uid="$(chroot "$ROOTFS" id -u postgres)"
old_gid="$(chroot "$ROOTFS" id -g postgres)"
chroot "$ROOTFS" groupmod --gid 999 postgres
chroot "$ROOTFS" usermod --uid 999 --gid 999 postgres
find "$ROOTFS" -xdev -uid "$old_uid" -exec chown -h 999 {} +
find "$ROOTFS" -xdev -gid "$old_gid" -exec chgrp -h 999 {} +
# JIT compilation (LLVM, z3: 130 MB) is dropped: without its provider PostgreSQL runs without JIT.
rm -rf "$ROOTFS"/usr/lib/*-linux-gnu/libLLVM-* \
  "$ROOTFS"/usr/lib/*-linux-gnu/libz3.so.* "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit"* \
  "$ROOTFS/usr/lib/postgresql/$PG_MAJOR/lib/bitcode" "$ROOTFS"/usr/share/i18n
install -d -o 999 -g 999 -m 2775 "$ROOTFS/var/run/postgresql"
install -d -o 999 -g 999 -m 0700 "$ROOTFS/var/lib/postgresql/data"
install -d -m 0755 "$ROOTFS/docker-entrypoint-initdb.d"
install -m 0755 "$HERE/entrypoint.sh" "$ROOTFS/usr/local/bin/docker-entrypoint.sh"
rootfs_end configure

rootfs_begin import
pg_version="$(chroot "$ROOTFS" "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" --version | awk '{print $3}')"
rootfs_import "$POSTGRES_OFFLINE_IMAGE-rootfs" "fluentmeet offline PostgreSQL $pg_version (debootstrap $ROOTFS_SUITE)" \
  --change "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV PG_MAJOR=$PG_MAJOR" \
  --change "ENV PGDATA=/var/lib/postgresql/data" \
  --change "ENV LANG=C.UTF-8" \
  --change "VOLUME /var/lib/postgresql/data" \
  --change "EXPOSE 5432" \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change "LABEL org.opencontainers.image.title=fluentmeet-postgres-offline org.opencontainers.image.version=$pg_version org.opencontainers.image.base.name=debian:$ROOTFS_SUITE"
# docker import cannot set STOPSIGNAL. SIGINT is a "fast" shutdown (the official image's choice):
# SIGTERM would wait for every client to disconnect, past `docker stop`'s grace period.
printf 'FROM %s\nSTOPSIGNAL SIGINT\n' "$POSTGRES_OFFLINE_IMAGE-rootfs" | docker build -q -t "$POSTGRES_OFFLINE_IMAGE" - >/dev/null 2>"$WORK/build.log" \
  || { cat "$WORK/build.log" >&2; exit 1; }
docker rmi "$POSTGRES_OFFLINE_IMAGE-rootfs" >/dev/null
rootfs_end import

rootfs_report "$POSTGRES_OFFLINE_IMAGE"
