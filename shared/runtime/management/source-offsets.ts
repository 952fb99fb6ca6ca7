// KIP-875 for source connectors: GET, PATCH and DELETE /connectors/{name}/offsets show and change
// the connector-defined partition → offset maps kept beside the task leases. As in Kafka's Worker,
// the maps must hold primitives only, the connector's alterOffsets may check (and veto) them first,
// and its answer decides whether the reply also warns about offsets the connector keeps elsewhere.
import type { SourceOffset, SourcePartition } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SourceConnectorPlugin } from '../../api/plugin.ts';
import type { LeaseStore } from '../../leases/lease.ts';
import { normalizedWrites, type SourceOffsetWrite } from '../../leases/source-offsets.ts';
import type { OffsetEntry } from './rest-bodies.ts';
import { badRequest } from './rest-error.ts';

export interface SourceOffsetEntry {
  partition: SourcePartition;
  offset: SourceOffset | null;
}

export async function sourceOffsets(
  leases: LeaseStore,
  name: string,
): Promise<{ offsets: SourceOffsetEntry[] }> {
  return {
    offsets: (await leases.sourceOffsets(name)).map(({ partition, offset }) => ({ partition, offset })),
  };
}

/** PATCH: `entries` as the body gave them; null offsets delete. */
export async function alterSourceOffsets(
  leases: LeaseStore,
  plugin: SourceConnectorPlugin,
  name: string,
  config: Readonly<Record<string, string>>,
  entries: readonly OffsetEntry[],
  now: number,
): Promise<{ message: string }> {
  let writes: SourceOffsetWrite[];
  try {
    writes = normalizedWrites(
      entries.map(({ partition, offset }) => {
        if (partition === null)
          throw new ConnectError(
            'The partition for a source connector offset must be a JSON object, not null',
          );
        return { partition, offset };
      }),
    );
  } catch (error) {
    throw badRequest(`Failed to modify offsets for source connector ${name}: ${(error as Error).message}`);
  }
  const confirmed = await askConnector(plugin, name, config, writes);
  await leases.setSourceOffsets(name, writes, now);
  return completion(confirmed, 'altered');
}

/** DELETE: every stored partition gets a null offset. */
export async function resetSourceOffsets(
  leases: LeaseStore,
  plugin: SourceConnectorPlugin,
  name: string,
  config: Readonly<Record<string, string>>,
  now: number,
): Promise<{ message: string }> {
  const writes = (await leases.sourceOffsets(name)).map(({ partition }) => ({ partition, offset: null }));
  const confirmed = await askConnector(plugin, name, config, writes);
  if (writes.length > 0) await leases.setSourceOffsets(name, writes, now);
  return completion(confirmed, 'reset');
}

/** SourceConnector.alterOffsets: false (or absent) means the connector may keep offsets elsewhere too. */
async function askConnector(
  plugin: SourceConnectorPlugin,
  name: string,
  config: Readonly<Record<string, string>>,
  writes: readonly SourceOffsetWrite[],
): Promise<boolean> {
  const connector = plugin.create();
  if (!connector.alterOffsets) return false;
  try {
    return await connector.alterOffsets(config, new Map(writes.map((w) => [w.partition, w.offset])));
  } catch (error) {
    // Kafka answers 500 here; the connector refused the client's offsets, so 400.
    throw badRequest(`Failed to modify offsets for source connector ${name}: ${(error as Error).message}`);
  }
}

/** Kafka's Worker.completeModifyOffsetsCallback wording. */
function completion(confirmed: boolean, verb: 'altered' | 'reset'): { message: string } {
  return confirmed
    ? { message: `The offsets for this connector have been ${verb} successfully` }
    : {
        message: `The Connect framework-managed offsets for this connector have been ${verb} successfully. However, if this connector manages offsets externally, they will need to be manually ${verb} in the system that the connector uses.`,
      };
}
