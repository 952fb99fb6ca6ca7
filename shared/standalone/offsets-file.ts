// Standalone mode keeps committed offsets (and sink checkpoints) in one JSON file per worker.
// Every commit replaces the file atomically (write, fsync, rename, fsync the folder), so a crash
// leaves either the previous commit or the new one, never a torn file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonValue } from '../api/connector.ts';
import { ConnectError } from '../api/errors.ts';
import type { LeasePersistence } from '../leases/memory-lease-store.ts';
import { type StoredSourceOffset, sourcePartitionKey } from '../leases/source-offsets.ts';
import { writeFileAtomically } from './atomic-file.ts';

interface ConnectorOffsets {
  /** topic:partition → next offset to read. */
  offsets: Record<string, number>;
  /** task id → the sink's checkpoint at its last commit. */
  checkpoints: Record<string, JsonValue>;
  /** A source connector's offsets: source partition → offset reached, as Kafka's offsets topic has them. */
  sourceOffsets?: StoredSourceOffset[];
}

interface OffsetsDocument {
  version: 1;
  connectors: Record<string, ConnectorOffsets>;
}

export class OffsetsFile {
  readonly path: string;
  #document: OffsetsDocument | undefined;
  /** Commits from several tasks are written one after another. */
  #queue: Promise<void> = Promise.resolve();

  constructor(filePath: string) {
    this.path = path.resolve(filePath);
  }

  async #load(): Promise<OffsetsDocument> {
    if (this.#document) return this.#document;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#document = { version: 1, connectors: {} };
      return this.#document;
    }
    try {
      const parsed = JSON.parse(text) as OffsetsDocument;
      if (parsed.version !== 1 || typeof parsed.connectors !== 'object') throw new Error('unknown layout');
      this.#document = parsed;
    } catch (error) {
      throw new ConnectError(
        `Offsets file ${this.path} is not readable (${(error as Error).message}); move it away to start over`,
      );
    }
    return this.#document;
  }

  /** Committed offsets of one connector (topic:partition → next offset). */
  async offsets(connector: string): Promise<Map<string, number>> {
    const document = await this.#load();
    return new Map(Object.entries(document.connectors[connector]?.offsets ?? {}));
  }

  /** The lease store's persistence: offsets and checkpoints survive a restart of the process. */
  leasePersistence(): LeasePersistence {
    return {
      load: async (connector) => {
        const entry = (await this.#load()).connectors[connector];
        return {
          offsets: new Map(Object.entries(entry?.offsets ?? {})),
          checkpoints: new Map(
            Object.entries(entry?.checkpoints ?? {}).map(([task, value]) => [Number(task), value]),
          ),
          sourceOffsets: entry?.sourceOffsets ?? [],
        };
      },
      save: (connector, offsets, checkpoint, sourceOffsets = []) =>
        this.#enqueue(async () => {
          const document = await this.#load();
          const entry = document.connectors[connector] ?? { offsets: {}, checkpoints: {} };
          document.connectors[connector] = entry;
          for (const [key, offset] of offsets) entry.offsets[key] = offset;
          if (checkpoint !== undefined) entry.checkpoints[String(checkpoint.task)] = checkpoint.value;
          if (sourceOffsets.length > 0) {
            const merged = new Map(
              (entry.sourceOffsets ?? []).map((o) => [sourcePartitionKey(o.partition), o]),
            );
            for (const { partition, offset } of sourceOffsets) {
              if (offset === null) merged.delete(sourcePartitionKey(partition));
              else merged.set(sourcePartitionKey(partition), { partition, offset });
            }
            entry.sourceOffsets = [...merged.values()];
          }
          await this.#write(document);
        }),
      remove: (connector) =>
        this.#enqueue(async () => {
          const document = await this.#load();
          const entry = document.connectors[connector];
          if (entry === undefined) return;
          // Source offsets outlive the connector, as in Kafka's offsets topic.
          if (entry.sourceOffsets && entry.sourceOffsets.length > 0)
            document.connectors[connector] = {
              offsets: {},
              checkpoints: {},
              sourceOffsets: entry.sourceOffsets,
            };
          else delete document.connectors[connector];
          await this.#write(document);
        }),
    };
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work);
    // Keep the queue usable after a failed write; the caller still sees the failure.
    this.#queue = next.catch(() => {});
    return next;
  }

  async #write(document: OffsetsDocument): Promise<void> {
    await writeFileAtomically(this.path, `${JSON.stringify(document, null, 2)}\n`);
  }
}
