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
#   DEBIAN_MIRROR  override the Debian mirror (default: read from apt config;
#                  see infra/images/lib/debian-rootfs.sh, shared with the other offline images)
#   FORCE=1        rebuild even if the image exists
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_IMAGE="${KAFKA_IMAGE:-fluentmeet/kafka-offline:${KAFKA_VERSION}}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ROOTFS_LOG_PREFIX=kafka-offline
# shellcheck source-path=SCRIPTDIR source=../../images/lib/debian-rootfs.sh
. "$HERE/../../images/lib/debian-rootfs.sh"

rootfs_skip_if_exists "$KAFKA_IMAGE"
rootfs_require mvn
rootfs_prepare kafka-offline
rootfs_log "building $KAFKA_IMAGE (Kafka $KAFKA_VERSION, Debian $ROOTFS_SUITE from $ROOTFS_MIRROR)"

# --- 1. rootfs with Java 17 ---------------------------------------------------
rootfs_begin debootstrap
rootfs_debootstrap openjdk-17-jre-headless,netbase
rootfs_shrink
JAVA_BIN="$(cd "$ROOTFS" && ls -d usr/lib/jvm/java-17-openjdk-*/bin/java | head -n1)"
[[ -n "$JAVA_BIN" ]] || { rootfs_log "java not found in rootfs"; exit 1; }
JAVA_HOME_IN_IMAGE="/$(dirname "$(dirname "$JAVA_BIN")")"
rootfs_end debootstrap

# --- 2. Kafka jars from Maven Central ------------------------------------------
rootfs_begin maven
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
rootfs_end maven

# --- 3. docker import -----------------------------------------------------------
rootfs_begin import
rootfs_import "$KAFKA_IMAGE" "fluentmeet offline Kafka $KAFKA_VERSION (debootstrap $ROOTFS_SUITE + Maven Central)" \
  --change "ENV PATH=/opt/kafka/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --change "ENV KAFKA_HOME=/opt/kafka" \
  --change "ENV LANG=C.UTF-8" \
  --change "WORKDIR /opt/kafka" \
  --change "EXPOSE 9092" \
  --change 'ENTRYPOINT ["/opt/kafka/bin/entrypoint.sh"]' \
  --change "LABEL org.opencontainers.image.title=fluentmeet-kafka-offline org.apache.kafka.version=$KAFKA_VERSION"
rootfs_end import

rootfs_report "$KAFKA_IMAGE"
