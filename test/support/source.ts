// Helpers for source connector tests against the real broker: store a source connector the way the
// REST API does (task configs from the plugin), and read back everything a topic holds.
import type { TaskConfig } from '../../shared/api/connector.ts';
import { createAdmin, createPartitionReader, type KafkaRecord } from '../../shared/kafka/index.ts';
import type { PluginRegistry } from '../../shared/runtime/plugins/plugins.ts';
import type { ConfigStore, ConnectorRecord } from '../../shared/runtime/stores/config-store.ts';
import { testConnection } from './kafka.ts';
import { testRegistry } from './runtime.ts';
import { waitFor } from './wait.ts';

/** A source connector stored RUNNING, with the task configs its plugin generates. */
export async function createSourceConnector(
  configs: ConfigStore,
  name: string,
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry = testRegistry,
): Promise<ConnectorRecord> {
  const full: Record<string, string> = { name, 'tasks.max': '1', ...config };
  const plugin = registry.find(full['connector.class'] ?? '', 'source');
  if (!plugin) throw new Error(`no source plugin ${full['connector.class']}`);
  const connector = plugin.create();
  await connector.start(full);
  const taskConfigs: TaskConfig[] = connector.taskConfigs(Number(full['tasks.max']));
  await connector.stop();
  return configs.create({ name, config: full, taskConfigs, targetState: 'RUNNING' }, Date.now());
}

/**
 * Every record of every partition of `topic`, from the start to the end of the log now; with
 * readCommitted, as a read_committed consumer sees it (up to the last stable offset, without the
 * records of aborted transactions).
 */
export async function readTopic(
  topic: string,
  options: { readCommitted?: boolean } = {},
): Promise<KafkaRecord[]> {
  const admin = createAdmin(testConnection);
  const reader = createPartitionReader(testConnection);
  try {
    const ends = await admin.listOffsets([topic], 'latest');
    const records: KafkaRecord[] = [];
    for (const end of ends) {
      let offset = 0;
      while (offset < end.offset) {
        const [fetched] = await reader.fetch([{ topic, partition: end.partition, offset }], {
          maxWaitMs: 100,
          readCommitted: options.readCommitted === true,
        });
        if (!fetched || fetched.nextOffset <= offset) break;
        records.push(...fetched.records);
        offset = fetched.nextOffset;
      }
    }
    return records;
  } finally {
    await reader.close();
    await admin.close();
  }
}

/** Waits until `topic` holds at least `count` records and returns them. */
export function waitForRecords(topic: string, count: number, timeoutMs = 60_000): Promise<KafkaRecord[]> {
  return waitFor(
    `${count} records in ${topic}`,
    async () => {
      const records = await readTopic(topic).catch(() => []);
      return records.length >= count ? records : undefined;
    },
    timeoutMs,
    200,
  );
}
