// How source connectors reach their databases (an RDS or Aurora PostgreSQL in a VPC): the task
// function, which streams, and the API function, which validates a connector by connecting, both
// join the VPC and are let in on the database's port; the credentials stay in Secrets Manager and
// connector configs reference them through the config providers (${secretsmanager:<arn>:password}).
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

export interface SourceDatabase {
  /**
   * The database: an `rds.DatabaseInstance` or `rds.DatabaseCluster` (Aurora), or any connectable
   * such as `new ec2.Connections({ securityGroups: [sg] })` for a database defined elsewhere.
   */
  readonly database: ec2.IConnectable;
  /** Default: the connectable's default port (RDS knows it), else PostgreSQL's 5432. */
  readonly port?: number;
  /**
   * The secret holding the credentials (RDS's generated secret has host, port, username, password,
   * dbname). The API and the task may read it; add it to `configProviders.secrets` or list it here.
   */
  readonly credentials?: secretsmanager.ISecret;
}

export interface DatabaseClient {
  readonly fn: lambda.IFunction;
  readonly role: iam.IRole;
  readonly description: string;
}

export function allowDatabaseAccess(
  databases: readonly SourceDatabase[],
  clients: readonly DatabaseClient[],
): void {
  for (const source of databases) {
    const connections = source.database.connections;
    const port =
      source.port !== undefined ? ec2.Port.tcp(source.port) : (connections.defaultPort ?? ec2.Port.tcp(5432));
    for (const client of clients) {
      connections.allowFrom(client.fn, port, `${client.description} to the source database`);
      source.credentials?.grantRead(client.role);
    }
  }
}
