// Smoke test: kafkajs 2.2.4 against a single-node KRaft Kafka container.
//
//   mkdir -p /tmp/kjs && (cd /tmp/kjs && npm i kafkajs@2.2.4)
//   KAFKA_IMAGE=fluentmeet/kafka-offline:4.4.0 node infra/kafka/offline-image/smoke.mjs
//
// Starts the container with the same env our Testcontainers helper uses
// (host port P -> container 9092, advertised PLAINTEXT://localhost:P), waits
// for "Kafka Server started", then: create topic (3 partitions), produce 100
// messages (acks -1), consume them in a group (eachMessage + commit), fetch
// committed offsets, describe group, delete topic. Exit code 0 = pass.
// Env: KAFKA_IMAGE (required-ish), KAFKAJS_DIR (default /tmp/kjs), KEEP=1 keeps the container.
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

const require = createRequire(`${process.env.KAFKAJS_DIR ?? '/tmp/kjs'}/`);
const { Kafka, logLevel } = require('kafkajs');

const image = process.env.KAFKA_IMAGE ?? 'fluentmeet/kafka-offline:4.4.0';
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
const READY = /\[KafkaRaftServer nodeId=1\] Kafka Server started/;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const env = {
  KAFKA_NODE_ID: '1',
  KAFKA_PROCESS_ROLES: 'broker,controller',
  KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093',
  KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port},BROKER://localhost:19092`,
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
  KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
  KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
  KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
  KAFKA_NUM_PARTITIONS: '1',
  KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
};
const args = ['run', '-d', '-p', `127.0.0.1:${port}:9092`];
for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
args.push(image);

const t0 = Date.now();
const id = execFileSync('docker', args, { encoding: 'utf8' }).trim();
console.log(`container ${id.slice(0, 12)} from ${image}, host port ${port}`);
const cleanup = () => {
  if (process.env.KEEP === '1') return;
  try {
    execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
  } catch {}
};

let startupMs;
try {
  startupMs = await new Promise((resolve, reject) => {
    const logs = spawn('docker', ['logs', '-f', id]);
    let buf = '';
    const timer = setTimeout(() => {
      logs.kill();
      reject(new Error(`no ready line in 90s:\n${buf.slice(-4000)}`));
    }, 90_000);
    const on = (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => READY.test(l));
      if (line) {
        clearTimeout(timer);
        logs.kill();
        console.log(`ready line: ${line.trim()}`);
        resolve(Date.now() - t0);
      }
    };
    logs.stdout.on('data', on);
    logs.stderr.on('data', on);
    logs.on('exit', () => {
      if (!READY.test(buf)) {
        clearTimeout(timer);
        reject(new Error(`container exited:\n${buf.slice(-4000)}`));
      }
    });
  });
  console.log(`startup: ${startupMs} ms until ready line`);

  const errors = [];
  const kafka = new Kafka({
    clientId: 'smoke',
    brokers: [`localhost:${port}`],
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }) => {
        const { message, ...extra } = log;
        if (level <= logLevel.WARN) {
          const s = `[kafkajs ${namespace}] ${message} ${JSON.stringify(extra)}`;
          errors.push(s);
          console.log(s);
        }
      },
  });
  const topic = `smoke-${Date.now()}`;
  const groupId = `smoke-group-${Date.now()}`;
  const step = async (name, fn) => {
    const s = Date.now();
    const r = await fn();
    console.log(`ok  ${name} (${Date.now() - s} ms)`);
    return r;
  };

  const admin = kafka.admin();
  await step('admin.connect', () => admin.connect());
  await step('createTopics 3 partitions', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    if (!created) throw new Error('topic not created');
  });
  await step('fetchTopicMetadata', async () => {
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    if (md.topics[0].partitions.length !== 3) throw new Error('expected 3 partitions');
  });

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await step('producer.connect', () => producer.connect());
  await step('produce 100 (acks -1)', () =>
    producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 100 }, (_, i) => ({
        key: `k${i}`,
        value: JSON.stringify({ i }),
      })),
    }),
  );
  await step('fetchTopicOffsets', async () => {
    const offs = await admin.fetchTopicOffsets(topic);
    const total = offs.reduce((a, p) => a + Number(p.high) - Number(p.low), 0);
    if (total !== 100) throw new Error(`expected 100 messages, got ${total}`);
  });

  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await step('consumer.connect+subscribe', async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
  });
  const seen = new Set();
  await step(
    'consume 100 (eachMessage + commitOffsets)',
    () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout, consumed ${seen.size}`)), 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic: t, partition, message }) => {
              seen.add(message.key.toString());
              await consumer.commitOffsets([
                { topic: t, partition, offset: (Number(message.offset) + 1).toString() },
              ]);
              if (seen.size === 100) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      }),
  );
  await step('admin.fetchOffsets (committed)', async () => {
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const sum = res[0].partitions.reduce((a, p) => a + Number(p.offset), 0);
    if (sum !== 100) throw new Error(`committed offsets sum ${sum} != 100: ${JSON.stringify(res)}`);
  });
  await step('describeGroups', async () => {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0].state !== 'Stable') throw new Error(`group state ${groups[0].state}`);
    if (groups[0].members.length !== 1) throw new Error('expected 1 member');
  });
  await step('listGroups', () => admin.listGroups());
  await step('consumer.disconnect', () => consumer.disconnect());
  await step('producer.disconnect', () => producer.disconnect());
  await step('deleteTopics', () => admin.deleteTopics({ topics: [topic] }));
  await step('deleteGroups', () => admin.deleteGroups([groupId]));
  await admin.disconnect();

  console.log(`PASS ${image} (startup ${startupMs} ms, ${errors.length} kafkajs warnings/errors)`);
  cleanup();
  process.exit(0);
} catch (err) {
  console.error(`FAIL ${image}: ${err?.stack ?? err}`);
  try {
    console.error(
      execFileSync('docker', ['logs', '--tail', '40', id], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  } catch {}
  cleanup();
  process.exit(1);
}
