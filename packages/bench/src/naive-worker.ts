// The baseline: the consumer most tutorials show. kafkajs `eachMessage`, one partition at a
// time, one awaited send, a commit per message. It renders with the worker's renderer and
// sends the same form, so only the consumption design differs from our worker.
import { request } from 'undici';
import { parseEnvelope } from '@fluentmeet/email-contracts';
import { createKafka, kafkaConfig } from '@fluentmeet/email-contracts/producer';
import { createRenderer, loadConfig } from '@fluentmeet/email-worker';
import { basicAuth, mailgunBody } from './mailgun-form.js';

// The same environment as our worker, read the same way; only the consumption differs.
const config = loadConfig(process.env);
const topic = config.EMAIL_TOPIC;
const url = `${config.MAILGUN_BASE_URL}/v3/${config.MAILGUN_DOMAIN}/messages`;
const authorization = basicAuth(config.MAILGUN_API_KEY);
const from = config.MAILGUN_FROM_ADDRESS;
const renderer = createRenderer();

const kafka = createKafka({ ...kafkaConfig(config), clientId: 'naive-worker' });
const consumer = kafka.consumer({ groupId: config.CONSUMER_GROUP });
consumer.on(consumer.events.GROUP_JOIN, () => console.log('naive-worker joined'));

await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ partition, message }) => {
    const envelope = parseEnvelope(message.value ?? Buffer.alloc(0));
    const rendered = renderer.render(envelope);
    const { body, contentType } = mailgunBody(envelope, rendered, from);
    const response = await request(url, {
      method: 'POST',
      headers: { authorization, 'content-type': contentType },
      body,
    });
    await response.body.text();
    if (response.statusCode >= 300) throw new Error(`Mailgun answered ${response.statusCode}`);
    const next = (BigInt(message.offset) + 1n).toString();
    await consumer.commitOffsets([{ topic, partition, offset: next }]);
  },
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    consumer.disconnect().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
