// Where the integration tests find the local servers (the same settings the infra scripts use).
import { randomUUID } from 'node:crypto';
import { endpoints } from '../../scripts/infra/settings.ts';

export const kafkaBootstrap = endpoints.kafkaBootstrap;
export const dynamodbEndpoint = endpoints.dynamodb;

export const localAwsClientConfig = {
  endpoint: endpoints.dynamodb,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** A name no other test (or earlier run against a reused broker) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
