import { readFileSync } from 'node:fs';
import { availableParallelism, release, type } from 'node:os';
import type { Machine } from './report.js';

export function describeMachine(kafka: string): Machine {
  let cpuModel = 'unknown CPU';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1] !== undefined) cpuModel = match[1].trim();
  } catch {
    // not Linux
  }
  return {
    cpuModel,
    cores: availableParallelism(),
    node: process.versions.node,
    kafka,
    os: `${type()} ${release()}`,
  };
}

/** `fluentmeet/kafka-offline:4.4.0` → `4.4.0 (image fluentmeet/kafka-offline:4.4.0)`. */
export function kafkaVersion(image: string | undefined): string {
  if (image === undefined) return 'external broker (KAFKA_BROKERS), version not checked';
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
  return `${tag} (image ${image})`;
}
