#!/bin/bash
# Entrypoint of fluentmeet/kafka-offline (see README.md).
#
# Mirrors the env handling of the official apache/kafka image:
#   every KAFKA_<NAME> env var (except the JVM/launcher ones below) becomes a
#   server.properties entry: strip "KAFKA_", lower-case, then
#   "___" -> "-", "__" -> "_", "_" -> ".".
#   e.g. KAFKA_NODE_ID=1 -> node.id=1,
#        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=... -> listener.security.protocol.map=...
# If no KAFKA_* property vars are given at all, a single-node KRaft default
# config (broker+controller on localhost:9092/9093) is used.
# CLUSTER_ID (default below, same as the official image's) is used to format
# the KRaft log dir once (--ignore-formatted makes restarts a no-op).
set -euo pipefail

KAFKA_HOME=/opt/kafka
CONFIG_DIR="${KAFKA_CONFIG_DIR:-$KAFKA_HOME/config}"
PROPS="$CONFIG_DIR/server.properties"
CLUSTER_ID="${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"

# Launcher/JVM settings, never turned into broker properties (same list as upstream).
is_excluded() {
  case "$1" in
    KAFKA_VERSION|KAFKA_HEAP_OPTS|KAFKA_LOG4J_OPTS|KAFKA_OPTS|KAFKA_JMX_OPTS|\
    KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_ROOT_LOGLEVEL|\
    KAFKA_LOG4J_LOGGERS|KAFKA_TOOLS_LOG4J_LOGLEVEL|KAFKA_JMX_HOSTNAME|KAFKA_JMX_PORT|\
    KAFKA_CONFIG_DIR|KAFKA_HOME|KAFKA_CLUSTER_ID) return 0 ;;
  esac
  return 1
}

mkdir -p "$CONFIG_DIR"
tmp="$(mktemp)"
count=0
while IFS= read -r var; do
  [[ "$var" == KAFKA_* ]] || continue
  is_excluded "$var" && continue
  key="${var#KAFKA_}"
  key="${key,,}"
  key="${key//___/-}"
  key="${key//__/$'\x01'}"
  key="${key//_/.}"
  key="${key//$'\x01'/_}"
  printf '%s=%s\n' "$key" "${!var}" >> "$tmp"
  count=$((count + 1))
done < <(compgen -e | sort)

if [[ "$count" -eq 0 ]]; then
  cat > "$tmp" <<'DEFAULTS'
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=PLAINTEXT://localhost:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@localhost:9093
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
DEFAULTS
fi
# Data dir default (KAFKA_LOG_DIRS / KAFKA_LOG_DIR override it).
if ! grep -qE '^log\.dirs?=' "$tmp"; then
  echo "log.dirs=/var/lib/kafka/data" >> "$tmp"
fi
mv "$tmp" "$PROPS"

echo "===> fluentmeet/kafka-offline: generated $PROPS"
sed 's/^\(.*\(password\|secret\).*=\).*/\1******/I' "$PROPS"

: "${KAFKA_HEAP_OPTS:=-Xmx512m -Xms512m}"
: "${KAFKA_JVM_PERFORMANCE_OPTS:=-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=$KAFKA_HOME/config/log4j2.properties}"
CP="$KAFKA_HOME/libs/*"

# KRaft storage format. With a static quorum (controller.quorum.voters) a plain
# format is right; with a dynamic quorum (controller.quorum.bootstrap.servers
# only) a combined/controller node bootstraps itself with --standalone.
format_args=(format --cluster-id "$CLUSTER_ID" --config "$PROPS" --ignore-formatted)
if ! grep -q '^controller\.quorum\.voters=' "$PROPS" \
   && grep -q '^controller\.quorum\.bootstrap\.servers=' "$PROPS" \
   && grep -qE '^process\.roles=.*controller' "$PROPS"; then
  format_args+=(--standalone)
fi
echo "===> Formatting KRaft storage (cluster id $CLUSTER_ID)"
# shellcheck disable=SC2086
java -Xmx256m $KAFKA_LOG4J_OPTS -cp "$CP" kafka.tools.StorageTool "${format_args[@]}"

echo "===> Starting Kafka broker"
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} \
  -cp "$CP" kafka.Kafka "$PROPS"
