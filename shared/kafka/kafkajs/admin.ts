// KafkaAdmin over kafkajs's admin client; group offsets are committed through @platformatic/kafka's
// admin, which commits without joining the group (see commitGroupOffsets).
import { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { platformaticOptions } from '../platformatic/connection.ts';
import type { KafkaAdmin, KafkaConnection, NewTopic, TopicPartitionOffset } from '../types.ts';
import { createKafkajs } from './client.ts';

export class KafkajsAdmin implements KafkaAdmin {
  readonly #admin: Admin;
  readonly #connection: KafkaConnection;
  #connected: Promise<void> | undefined;
  #groupAdmin: PlatformaticAdmin | undefined;

  constructor(connection: KafkaConnection) {
    this.#connection = connection;
    this.#admin = createKafkajs(connection).admin();
  }

  async #ready(): Promise<Admin> {
    this.#connected ??= this.#admin.connect();
    await this.#connected;
    return this.#admin;
  }

  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const admin = await this.#ready();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    const counts = new Map<string, number>();
    if (present.length === 0) return counts;
    const metadata = await admin.fetchTopicMetadata({ topics: present });
    for (const topic of metadata.topics) counts.set(topic.name, topic.partitions.length);
    return counts;
  }

  async listTopics(): Promise<string[]> {
    return (await this.#ready()).listTopics();
  }

  async listOffsets(
    topics: readonly string[],
    which: 'earliest' | 'latest',
  ): Promise<TopicPartitionOffset[]> {
    const admin = await this.#ready();
    const perTopic = await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({
          topic,
          partition: p.partition,
          offset: Number(which === 'earliest' ? p.low : p.high),
        })),
      ),
    );
    return perTopic.flat();
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const admin = await this.#ready();
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor ?? -1,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    await untilOffsetsListable(
      admin,
      topics.map((t) => t.topic),
    );
  }

  async commitGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    // An OffsetCommit with generation -1 and no member id, as a manually assigned Java consumer (or
    // AdminClient.alterConsumerGroupOffsets) commits. kafkajs's setOffsets would instead join the
    // group with a consumer: seconds per call (a rebalance), and the group then looks busy to the
    // next invocation's commit.
    this.#groupAdmin ??= new PlatformaticAdmin({ ...platformaticOptions(this.#connection), retries: 1 });
    const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
    for (const o of offsets)
      byTopic.set(o.topic, [
        ...(byTopic.get(o.topic) ?? []),
        { partition: o.partition, offset: BigInt(o.offset) },
      ]);
    await this.#groupAdmin.alterConsumerGroupOffsets({
      groupId,
      topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })),
    });
  }

  async fetchGroupOffsets(groupId: string, topics: readonly string[]): Promise<TopicPartitionOffset[]> {
    const admin = await this.#ready();
    const result = await admin.fetchOffsets({ groupId, topics: [...topics] });
    return result.flatMap((t) =>
      t.partitions
        .filter((p) => Number(p.offset) >= 0)
        .map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })),
    );
  }

  async clusterId(): Promise<string> {
    return (await (await this.#ready()).describeCluster()).clusterId;
  }

  async close(): Promise<void> {
    await this.#groupAdmin?.close();
    if (this.#connected) await this.#admin.disconnect();
  }
}

const READY_ATTEMPTS = 50;
const READY_PAUSE_MS = 100;

/**
 * waitForLeaders waits until the metadata names a leader for every new partition, but that leader
 * can still answer NOT_LEADER_OR_FOLLOWER (a retriable error) for a moment, so whoever lists the new
 * topic's offsets next (a coordinator's lag check, a test) could fail. Waits until they can be
 * listed, for up to five seconds; a non-retriable error is thrown at once.
 */
async function untilOffsetsListable(admin: Admin, topics: readonly string[]): Promise<void> {
  for (const topic of topics) {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if ((error as { retriable?: unknown }).retriable !== true || attempt >= READY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, READY_PAUSE_MS));
      }
    }
  }
}
