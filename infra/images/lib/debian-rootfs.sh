# shellcheck shell=bash
# Shared by the offline image builds (infra/kafka/offline-image, infra/images/*):
# a minimal Debian rootfs from the machine's apt mirror, shrunk and turned into
# an image with `docker import`, so that no Docker registry is ever needed.
#
# Source it, set ROOTFS_LOG_PREFIX, then call in order:
#   rootfs_skip_if_exists IMAGE     exits 0 when IMAGE exists (unless FORCE=1)
#   rootfs_require TOOL...          root + tools, or exit 1 with a message
#   rootfs_prepare NAME             WORK and ROOTFS under a temp dir removed on exit
#   rootfs_debootstrap PKG,PKG      debootstrap --variant=minbase --include=...
#   rootfs_shrink                   drops caches, docs, man pages, locales, host leftovers
#   rootfs_import IMAGE MESSAGE --change ...   tar | docker import
#   rootfs_report IMAGE             size and the timings of every step
# Steps are timed with: rootfs_begin NAME ... rootfs_end NAME.
#
# Env: DEBIAN_MIRROR (default: read from apt's configuration), DEBIAN_SUITE
# (default bookworm), FORCE=1 to rebuild an existing image.

ROOTFS_LOG_PREFIX="${ROOTFS_LOG_PREFIX:-offline-image}"
ROOTFS_SUITE="${DEBIAN_SUITE:-bookworm}"
declare -gA ROOTFS_TIMINGS=()
declare -ga ROOTFS_STEPS=()
rootfs_started=$SECONDS
rootfs_step_start=0

rootfs_log() { printf '[%s] %s\n' "$ROOTFS_LOG_PREFIX" "$*" >&2; }

rootfs_skip_if_exists() {
  if [[ "${FORCE:-0}" != "1" ]] && docker image inspect "$1" >/dev/null 2>&1; then
    rootfs_log "image $1 already exists, nothing to do (FORCE=1 to rebuild)"
    exit 0
  fi
}

rootfs_require() {
  local tool
  for tool in debootstrap docker tar "$@"; do
    command -v "$tool" >/dev/null || { rootfs_log "missing required tool: $tool"; exit 1; }
  done
  if [[ "$(id -u)" != "0" ]]; then
    rootfs_log "debootstrap needs root; run as root (or via sudo)"
    exit 1
  fi
}

# The first non-security mirror of the machine's apt configuration (deb822 or one-line format).
rootfs_mirror() {
  local uri=""
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    uri="$(awk 'tolower($1)=="uris:" {for (i=2;i<=NF;i++) print $i}' /etc/apt/sources.list.d/*.sources \
      | grep -v -e security -e '^cdrom:' | head -n1 || true)"
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^(https?|file):/) { print $i; break } }' /etc/apt/sources.list \
      | grep -v security | head -n1 || true)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

rootfs_prepare() {
  WORK="$(mktemp -d "/tmp/$1-build.XXXXXX")"
  ROOTFS="$WORK/rootfs"
  # shellcheck disable=SC2064 # expand WORK now: it is the directory to remove
  trap "rm -rf '$WORK'" EXIT
  ROOTFS_MIRROR="$(rootfs_mirror)"
  rootfs_started=$SECONDS
}

rootfs_begin() { rootfs_step_start=$SECONDS; rootfs_log "$1 ..."; }
rootfs_end() {
  ROOTFS_TIMINGS[$1]=$((SECONDS - rootfs_step_start))
  ROOTFS_STEPS+=("$1")
  rootfs_log "$1 took ${ROOTFS_TIMINGS[$1]}s"
}

rootfs_debootstrap() {
  rootfs_log "debootstrap $ROOTFS_SUITE from $ROOTFS_MIRROR with $1"
  debootstrap --variant=minbase --include="$1" "$ROOTFS_SUITE" "$ROOTFS" "$ROOTFS_MIRROR" \
    >"$WORK/debootstrap.log" 2>&1 || {
    tail -n 50 "$WORK/debootstrap.log" >&2
    rootfs_log "debootstrap failed"
    exit 1
  }
}

rootfs_shrink() {
  rm -rf "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
    "$ROOTFS"/usr/share/locale/* "$ROOTFS"/usr/share/lintian "$ROOTFS"/var/log/*.log \
    "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old "$ROOTFS"/tmp/*
  # debootstrap leaves the host's resolver config and hostname behind; docker injects its own.
  rm -f "$ROOTFS"/etc/resolv.conf "$ROOTFS"/etc/hostname
  : >"$ROOTFS"/etc/machine-id 2>/dev/null || true
}

# rootfs_import IMAGE MESSAGE [--change INSTRUCTION]...
rootfs_import() {
  local image="$1" message="$2"
  shift 2
  tar --numeric-owner -C "$ROOTFS" -c . | docker import "$@" --message "$message" - "$image" >/dev/null
}

rootfs_report() {
  local size step line=""
  size="$(docker image inspect -f '{{.Size}}' "$1")"
  for step in "${ROOTFS_STEPS[@]}"; do line+="$step=${ROOTFS_TIMINGS[$step]}s "; done
  rootfs_log "built $1: $((size / 1000 / 1000)) MB"
  rootfs_log "timings: ${line}total=$((SECONDS - rootfs_started))s"
}
