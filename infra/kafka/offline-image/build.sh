#!/usr/bin/env bash
# Builds the offline Kafka image fluentmeet/kafka-offline:${KAFKA_VERSION}
# WITHOUT pulling anything from a Docker registry:
#   1. debootstrap a minimal Debian bookworm rootfs with openjdk-17-jre-headless
#      from the machine's configured Debian apt mirror,
#   2. resolve the Kafka broker jars + log4j2 from Maven Central with mvn,
#   3. add entrypoint.sh + log4j2.properties, `tar | docker import`.
# Skips everything if the image already exists. Must run as root (debootstrap).
#
# Env:
#   KAFKA_VERSION  Kafka version (Maven org.apache.kafka:kafka_2.13), default below
#   KAFKA_IMAGE    image tag to build, default fluentmeet/kafka-offline:${KAFKA_VERSION}
#   DEBIAN_MIRROR  override the Debian mirror (default: read from apt config)
#   FORCE=1        rebuild even if the image exists
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_IMAGE="${KAFKA_IMAGE:-fluentmeet/kafka-offline:${KAFKA_VERSION}}"
SUITE="${DEBIAN_SUITE:-bookworm}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[kafka-offline] %s\n' "$*" >&2; }

if [[ "${FORCE:-0}" != "1" ]] && docker image inspect "$KAFKA_IMAGE" >/dev/null 2>&1; then
  log "image $KAFKA_IMAGE already exists, nothing to do (FORCE=1 to rebuild)"
  exit 0
fi

for tool in debootstrap docker mvn tar; do
  command -v "$tool" >/dev/null || { log "missing required tool: $tool"; exit 1; }
done
if [[ "$(id -u)" != "0" ]]; then
  log "debootstrap needs root; run as root (or via sudo)"; exit 1
fi

# --- Debian mirror from the machine's apt configuration -----------------------
detect_mirror() {
  local uri=""
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
MIRROR="${DEBIAN_MIRROR:-$(detect_mirror)}"

WORK="$(mktemp -d /tmp/kafka-offline-build.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOTFS="$WORK/rootfs"

declare -A TIMINGS=()
step_start=0
begin() { step_start=$SECONDS; log "$1 ..."; }
end() { TIMINGS[$1]=$((SECONDS - step_start)); log "$1 took ${TIMINGS[$1]}s"; }

log "building $KAFKA_IMAGE (Kafka $KAFKA_VERSION, Debian $SUITE from $MIRROR)"
total_start=$SECONDS

# --- 1. rootfs with Java 17 ---------------------------------------------------
begin debootstrap
debootstrap --variant=minbase --include=openjdk-17-jre-headless,netbase \
  "$SUITE" "$ROOTFS" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 || {
  tail -n 50 "$WORK/debootstrap.log" >&2; log "debootstrap failed"; exit 1; }
# shrink: apt caches/lists, docs, man pages, locales
rm -rf "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
       "$ROOTFS"/usr/share/locale/* "$ROOTFS"/usr/share/lintian "$ROOTFS"/var/log/*.log \
       "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old "$ROOTFS"/tmp/*
# debootstrap leaves the host's resolver config/hostname behind; docker injects its own
rm -f "$ROOTFS"/etc/resolv.conf "$ROOTFS"/etc/hostname
: > "$ROOTFS"/etc/machine-id 2>/dev/null || true
JAVA_BIN="$(cd "$ROOTFS" && ls -d usr/lib/jvm/java-17-openjdk-*/bin/java | head -n1)"
[[ -n "$JAVA_BIN" ]] || { log "java not found in rootfs"; exit 1; }
JAVA_HOME_IN_IMAGE="/$(dirname "$(dirname "$JAVA_BIN")")"
end debootstrap

# --- 2. Kafka jars from Maven Central ------------------------------------------
begin maven
mkdir -p "$ROOTFS/opt/kafka/libs" "$ROOTFS/opt/kafka/config" "$ROOTFS/opt/kafka/bin" \
         "$ROOTFS/var/lib/kafka/data"
cp "$HERE/pom.xml" "$WORK/pom.xml"   # run from the temp dir: nothing written next to the sources
(cd "$WORK" && mvn -q -B -Dstyle.color=never -f "$WORK/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
  dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$ROOTFS/opt/kafka/libs")
ls "$ROOTFS/opt/kafka/libs/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null
install -m 0755 "$HERE/entrypoint.sh" "$ROOTFS/opt/kafka/bin/entrypoint.sh"
install -m 0644 "$HERE/log4j2.properties" "$ROOTFS/opt/kafka/config/log4j2.properties"
echo "$KAFKA_VERSION" > "$ROOTFS/opt/kafka/VERSION"
end maven

# --- 3. docker import -----------------------------------------------------------
begin import
tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  --change "ENV PATH=/opt/kafka/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --change "ENV KAFKA_HOME=/opt/kafka" \
  --change "ENV LANG=C.UTF-8" \
  --change "WORKDIR /opt/kafka" \
  --change "EXPOSE 9092" \
  --change 'ENTRYPOINT ["/opt/kafka/bin/entrypoint.sh"]' \
  --change "LABEL org.opencontainers.image.title=fluentmeet-kafka-offline org.apache.kafka.version=$KAFKA_VERSION" \
  --message "fluentmeet offline Kafka $KAFKA_VERSION (debootstrap $SUITE + Maven Central)" \
  - "$KAFKA_IMAGE" >/dev/null
end import

size="$(docker image inspect -f '{{.Size}}' "$KAFKA_IMAGE")"
log "built $KAFKA_IMAGE: $((size / 1024 / 1024)) MB"
log "timings: debootstrap=${TIMINGS[debootstrap]}s maven=${TIMINGS[maven]}s import=${TIMINGS[import]}s total=$((SECONDS - total_start))s"
