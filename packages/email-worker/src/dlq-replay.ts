import { kafkaConfigFromEnv } from '@fluentmeet/email-contracts/kafka';
import { createKafka } from './consumer/kafka-client.js';
import { replayDeadLetters, type ReplayOptions } from './consumer/kafka-dlq-replay.js';
import { parseReplayArgs } from './consumer/replay-args.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  let options: ReplayOptions;
  try {
    options = parseReplayArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(64); // EX_USAGE
  }
  const logger = createLogger(process.env.LOG_LEVEL || 'warn');
  const kafka = createKafka(kafkaConfigFromEnv(process.env, 'email-worker-dlq-replay'), logger);
  const report = await replayDeadLetters(kafka, options);
  console.log(JSON.stringify({ from: options.from, to: options.to, ...report }, null, 2));
}

await main();
