// The DynamoDB actions each function needs on the state table (layout in shared/aws/table.ts),
// listed instead of using grantReadWriteData so nobody gets Scan, stream reads or DescribeTable.
// Transactions need no action of their own: DynamoDB checks the actions of the items inside them.

import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

export type TableUser = 'api' | 'coordinator' | 'task';

export const tableActions: Record<TableUser, readonly string[]> = {
  // Connector configs, target states, the name index, restart requests, offsets (KIP-875 endpoints),
  // and deleting a connector's whole partition in batches.
  api: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  // Reconciling: the coordinator lock, reading configs, writing lease assignments, statuses and
  // scaling state, removing the leases of deleted connectors and old lease history.
  coordinator: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  // Claiming and renewing leases, fenced offset commits, checkpoints, task status, lease history:
  // all conditional writes on existing keys, never deletes.
  task: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
};

export function grantTableAccess(table: dynamodb.ITable, grantee: iam.IGrantable, user: TableUser): void {
  iam.Grant.addToPrincipal({ grantee, actions: [...tableActions[user]], resourceArns: [table.tableArn] });
  // With a customer-managed key, DynamoDB uses the key on the caller's behalf for every item read
  // or written; named actions rather than the usual `GenerateDataKey*` / `ReEncrypt*` wildcards.
  table.encryptionKey?.grant(grantee, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
}
