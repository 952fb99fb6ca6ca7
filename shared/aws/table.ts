// The one DynamoDB table that holds all of serverless-connect's state. One table (instead of one
// per kind of item) keeps IAM, backups and the CDK construct simple, and lets a connector's whole
// state be read or deleted with one Query on its partition key.
//
//   pk                          sk                                    item
//   connector#<name>            config                                connector config, target state, version
//   connector#<name>            status#connector                      connector status (state, worker_id, trace)
//   connector#<name>            status#task#<task>                    task status
//   connector#<name>            restart#<requestId>                   pending restart request
//   connector#<name>            lease#<topic>#<partition:10 digits>   lease: assignee, owner, epoch, expiresAt, offset
//   connector#<name>            checkpoint#<task>                     the task's checkpoint (JSON)
//   connector#<name>            sourceoffset#<sha256 of partition>    a source partition's offset (JSON); kept on delete
//   connector#<name>            event#<at:15 digits>#<uuid>           lease history (claimed / released / taken-over)
//   connector#<name>            generation                            lease generation: bumped on changes tasks must hear
//   connector#<name>            scaling                               autoscaler state (active tasks, reason)
//   connector#<name>            invocation#<task>                     when the task was last invoked (dedupe)
//   connector#<name>            topics                                active topics (string set, KIP-558)
//   connectors                  <name>                                index of connector names (for GET /connectors)
//   coordinator                 lock                                  coordinator lease (one reconciler at a time)
//   admin                       loggers                               levels set through /admin/loggers (a map)
//
// Topic names cannot contain '#' (Kafka allows [a-zA-Z0-9._-]), so the sort keys parse unambiguously;
// partitions are zero-padded so lease items come back in partition order.
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * Items with this attribute (seconds since the epoch) are deleted by DynamoDB's time to live:
 * lease events, which would otherwise grow by a few items every task invocation. The CDK table
 * sets `timeToLiveAttribute` to it; DynamoDB Local ignores it (events then simply stay).
 */
export const timeToLiveAttribute = 'ttl';

export const keys = {
  connector: (name: string) => `connector#${name}`,
  connectorIndex: 'connectors',
  coordinator: 'coordinator',
  admin: 'admin',
  loggers: 'loggers',
  config: 'config',
  connectorStatus: 'status#connector',
  taskStatus: (task: number) => `status#task#${task}`,
  restart: (requestId: string) => `restart#${requestId}`,
  lease: (topic: string, partition: number) => `lease#${topic}#${String(partition).padStart(10, '0')}`,
  leasePrefix: 'lease#',
  checkpoint: (task: number) => `checkpoint#${task}`,
  checkpointPrefix: 'checkpoint#',
  sourceOffset: (partitionHash: string) => `sourceoffset#${partitionHash}`,
  sourceOffsetPrefix: 'sourceoffset#',
  event: (at: number, id: string) => `event#${String(at).padStart(15, '0')}#${id}`,
  eventPrefix: 'event#',
  generation: 'generation',
  scaling: 'scaling',
  invocation: (task: number) => `invocation#${task}`,
  invocationPrefix: 'invocation#',
  activeTopics: 'topics',
  taskStatusPrefix: 'status#task#',
  restartPrefix: 'restart#',
  coordinatorLock: 'lock',
} as const;

/** Parses a lease sort key back into its topic and partition. */
export function parseLeaseKey(sk: string): { topic: string; partition: number } {
  const rest = sk.slice(keys.leasePrefix.length);
  const split = rest.lastIndexOf('#');
  return { topic: rest.slice(0, split), partition: Number(rest.slice(split + 1)) };
}

/** Creates the table when it is missing (tests and local runs; in AWS the CDK stack creates it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: tableKeys.partitionKey, AttributeType: 'S' },
          { AttributeName: tableKeys.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
}
