// Kafka's OffsetStorageReader over the committed source offsets kept beside the task leases: what
// a source task reads at start (or whenever it needs) to resume where the connector left off.
import type { OffsetStorageReader, SourceOffset, SourcePartition } from '../../api/connector.ts';
import type { LeaseStore } from '../../leases/lease.ts';
import { normalizedOffsetMap, sourcePartitionKey } from '../../leases/source-offsets.ts';

export class LeaseOffsetStorageReader implements OffsetStorageReader {
  readonly #store: LeaseStore;
  readonly #connector: string;

  constructor(store: LeaseStore, connector: string) {
    this.#store = store;
    this.#connector = connector;
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return (await this.offsets([partition])).get(partition) ?? null;
  }

  async offsets(
    partitions: readonly SourcePartition[],
  ): Promise<ReadonlyMap<SourcePartition, SourceOffset | null>> {
    const stored = new Map(
      (await this.#store.sourceOffsets(this.#connector)).map((o) => [
        sourcePartitionKey(o.partition),
        o.offset,
      ]),
    );
    return new Map(
      partitions.map((partition) => [
        partition,
        stored.get(sourcePartitionKey(normalizedOffsetMap(partition, 'partition'))) ?? null,
      ]),
    );
  }
}
