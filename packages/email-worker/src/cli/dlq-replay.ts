// `pnpm --filter email-worker dlq:replay`: re-publishes selected dead letters to the work topic.
import { Type } from '@sinclair/typebox';
import {
  EmailContractError,
  TopicsEnv,
  logLevelEnv,
  parseEnv,
  topicSet,
} from '@fluentmeet/email-contracts';
import {
  createKafka,
  kafkaConfig,
  kafkaEnv,
  kafkaEnvProblems,
} from '@fluentmeet/email-contracts/producer';
import { createLogger } from '../app/logger.js';
import { replayDeadLetters, type ReplayOptions } from '../kafka/dlq-replay.js';
import { parseReplayArgs } from './replay-args.js';

const ReplayEnv = Type.Composite([
  kafkaEnv({ clientId: 'email-worker-dlq-replay' }),
  TopicsEnv,
  logLevelEnv('warn'),
]);

async function main(): Promise<void> {
  let config;
  let options: ReplayOptions;
  try {
    config = parseEnv(ReplayEnv, process.env, kafkaEnvProblems);
    options = parseReplayArgs(process.argv.slice(2), topicSet(config));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof EmailContractError ? 78 : 64); // EX_CONFIG, EX_USAGE
  }
  const kafka = createKafka(kafkaConfig(config), { logger: createLogger(config.LOG_LEVEL) });
  const report = await replayDeadLetters(kafka, options);
  console.log(JSON.stringify({ from: options.from, to: options.to, ...report }, null, 2));
}

await main();
