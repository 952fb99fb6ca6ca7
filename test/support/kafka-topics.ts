// Reading whole topics back from the local broker as JSON, for tests that compare what two
// connectors wrote. Integers beyond 2^53 keep their exact value (as bigint), so int64 columns compare
// exactly; headers come back as strings.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBootstrap, uniqueName } from './local.ts';

export interface TopicMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: unknown;
  readonly value: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** JSON.parse keeping integers that a double cannot hold exactly as bigint. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, (_key, value, context?: { source?: string }) => {
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      !Number.isSafeInteger(value) &&
      context?.source
    ) {
      return /^-?\d+$/.test(context.source) ? BigInt(context.source) : value;
    }
    return value;
  });
}

export async function topicsWithPrefix(prefix: string): Promise<string[]> {
  const admin = new Kafka({ brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();
  } finally {
    await admin.disconnect();
  }
}

/** Every message of `topics` from the start, once `until` accepts the count or `timeoutMs` passed. */
export async function readTopics(
  topics: readonly string[],
  until: (count: number) => boolean,
  timeoutMs = 60_000,
): Promise<TopicMessage[]> {
  const kafka = new Kafka({ brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('read-topics'), sessionTimeout: 10_000 });
  const messages: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key === null ? null : parseJsonExact(message.key.toString('utf8')),
          value: message.value === null ? null : parseJsonExact(message.value.toString('utf8')),
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, v === undefined ? '' : String(v)]),
          ),
        });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (!until(messages.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    // Let a straggler in, then stop.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await consumer.disconnect();
  }
  return messages.sort((a, b) => (a.topic === b.topic ? a.offset - b.offset : a.topic < b.topic ? -1 : 1));
}

/** How many records the topics hold now (the sum of their partitions' end offsets). */
export async function recordCount(topics: readonly string[]): Promise<number> {
  const admin = new Kafka({ brokers: [kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
