#!/usr/bin/env bash
# Builds fluentmeet/node-offline:24-bookworm-slim, a stand-in for the official
# node:24-bookworm-slim, WITHOUT any Docker registry (see README.md):
#   1. debootstrap a minimal Debian bookworm rootfs with tini and ca-certificates,
#   2. the Node.js binary from the npm registry (the `node-linux-<arch>` package that
#      `npm i node@24` installs), into /usr/local/bin like the official image,
#   3. a `node` user and group (uid/gid 1000), `tar | docker import`.
# Skips everything if the image already exists (FORCE=1 rebuilds). Needs root, docker, npm.
#
# Env: NODE_VERSION (default below), NODE_BASE_IMAGE (tag), DEBIAN_MIRROR, FORCE.
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-24.21.0}"
NODE_BASE_IMAGE="${NODE_BASE_IMAGE:-fluentmeet/node-offline:24-bookworm-slim}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROOTFS_LOG_PREFIX=node-offline
# shellcheck source-path=SCRIPTDIR source=../lib/debian-rootfs.sh
. "$HERE/../lib/debian-rootfs.sh"

rootfs_skip_if_exists "$NODE_BASE_IMAGE"
rootfs_require npm
rootfs_prepare node-offline
case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64) node_arch=arm64 ;;
  *) rootfs_log "no Node.js package for $(uname -m)"; exit 1 ;;
esac
rootfs_log "building $NODE_BASE_IMAGE (Node.js $NODE_VERSION, Debian $ROOTFS_SUITE from $ROOTFS_MIRROR)"

rootfs_begin debootstrap
rootfs_debootstrap tini,ca-certificates
rootfs_shrink
rootfs_end debootstrap

rootfs_begin node
(cd "$WORK" && npm pack --silent "node-linux-$node_arch@$NODE_VERSION" >/dev/null)
tar -xzf "$WORK/node-linux-$node_arch-$NODE_VERSION.tgz" -C "$WORK" package/bin/node package/LICENSE
install -m 0755 "$WORK/package/bin/node" "$ROOTFS/usr/local/bin/node"
install -D -m 0644 "$WORK/package/LICENSE" "$ROOTFS/usr/local/share/doc/node/LICENSE"
chroot "$ROOTFS" /usr/local/bin/node --version >/dev/null
chroot "$ROOTFS" groupadd --gid 1000 node
chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rootfs_end node

rootfs_begin import
rootfs_import "$NODE_BASE_IMAGE" "fluentmeet offline Node.js $NODE_VERSION (debootstrap $ROOTFS_SUITE + npm registry)" \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change "ENV LANG=C.UTF-8" \
  --change 'ENTRYPOINT ["/usr/bin/tini", "--"]' \
  --change 'CMD ["node"]' \
  --change "LABEL org.opencontainers.image.title=fluentmeet-node-offline org.opencontainers.image.version=$NODE_VERSION org.opencontainers.image.base.name=debian:$ROOTFS_SUITE"
rootfs_end import

rootfs_report "$NODE_BASE_IMAGE"
