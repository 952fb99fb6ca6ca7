// The offset mirror writes committed offsets into connect-<name>, and stops once the connector is
// deleted (or deleted and created again): the group then belongs to whoever took the name over.
import { describe, expect, it } from 'vitest';
import type { TopicPartitionOffset } from '../../../shared/kafka/types.ts';
import { consoleLogger } from '../../../shared/runtime/logger.ts';
import { offsetMirror } from '../../../shared/runtime/tasks/offset-mirror.ts';

function recordingAdmin() {
  const writes: { group: string; offsets: TopicPartitionOffset[] }[] = [];
  return {
    writes,
    async commitGroupOffsets(group: string, offsets: readonly TopicPartitionOffset[]) {
      writes.push({ group, offsets: [...offsets] });
    },
  };
}

describe('offsetMirror', () => {
  it('writes the latest committed offsets to connect-<name>, and what is pending at the end', async () => {
    const admin = recordingAdmin();
    const mirror = offsetMirror({
      admin,
      connector: 'orders',
      intervalMs: 60_000,
      logger: consoleLogger(undefined),
      exists: async () => true,
    });
    mirror.offer(new Map([['t:0', 5]]));
    mirror.offer(new Map([['t:0', 9]]));
    mirror.offer(new Map([['t:1', 3]]));
    await mirror.flush();
    // One write: the offers queued before it ran merged into it, each partition at its latest.
    expect(admin.writes).toEqual([
      {
        group: 'connect-orders',
        offsets: [
          { topic: 't', partition: 0, offset: 9 },
          { topic: 't', partition: 1, offset: 3 },
        ],
      },
    ]);
  });

  it('writes nothing once the connector is gone, and logs why once', async () => {
    const admin = recordingAdmin();
    const lines: string[] = [];
    let exists = true;
    const mirror = offsetMirror({
      admin,
      connector: 'orders',
      intervalMs: 0,
      logger: consoleLogger('info', (line) => lines.push(line)),
      exists: async () => exists,
    });
    mirror.offer(new Map([['t:0', 5]]));
    await mirror.flush();
    exists = false;
    mirror.offer(new Map([['t:0', 9]]));
    mirror.offer(new Map([['t:0', 12]]));
    await mirror.flush();
    expect(admin.writes.map((w) => w.offsets[0]?.offset)).toEqual([5]);
    expect(lines.filter((l) => l.includes('no longer mirrored'))).toHaveLength(1);
  });
});
