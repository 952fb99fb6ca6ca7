// Where local infrastructure lives and which ports it uses. Every value can be overridden by an
// environment variable so that two checkouts (or a developer's own Kafka) do not collide.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Git-ignored folder holding downloaded jars and the state of started servers. */
export const infraDir = process.env.SC_INFRA_DIR ?? path.join(projectRoot, '.infra');

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port number, got "${raw}"`);
  }
  return value;
}

export const host = '127.0.0.1';

export const ports = {
  kafka: port('SC_KAFKA_PORT', 19092),
  kafkaController: port('SC_KAFKA_CONTROLLER_PORT', 19093),
  dynamodb: port('SC_DYNAMODB_PORT', 18000),
  postgres: port('SC_POSTGRES_PORT', 15432),
  opensearch: port('SC_OPENSEARCH_PORT', 19200),
  opensearchTransport: port('SC_OPENSEARCH_TRANSPORT_PORT', 19300),
  // LocalStack's own default: cdklocal, awslocal and the README's curl lines assume it.
  localstack: port('SC_LOCALSTACK_PORT', 4566),
  schemaRegistry: port('SC_SCHEMA_REGISTRY_PORT', 18081),
  /** Apicurio's Quarkus management interface (health) wants a port of its own. */
  schemaRegistryManagement: port('SC_SCHEMA_REGISTRY_MANAGEMENT_PORT', 18082),
};

export const endpoints = {
  kafkaBootstrap: `${host}:${ports.kafka}`,
  dynamodb: `http://${host}:${ports.dynamodb}`,
  postgres: `postgresql://${host}:${ports.postgres}`,
  opensearch: `http://${host}:${ports.opensearch}`,
  localstack: `http://${host}:${ports.localstack}`,
  /** Confluent's Schema Registry API, as Apicurio serves it. */
  schemaRegistry: `http://${host}:${ports.schemaRegistry}/apis/ccompat/v7`,
  /** Apicurio's own v2 API, which Apicurio's Kafka Connect converter talks to. */
  schemaRegistryApicurioV2: `http://${host}:${ports.schemaRegistry}/apis/registry/v2`,
};

/**
 * The throwaway PostgreSQL's superuser (a database role; the server itself runs as an unprivileged
 * OS user). Tests create their own, less privileged roles with it.
 */
export const postgresAdmin = {
  host,
  port: ports.postgres,
  user: 'postgres',
  password: process.env.SC_POSTGRES_PASSWORD ?? 'postgres',
  database: 'postgres',
} as const;

/**
 * The environment a process needs to reach the local servers. DynamoDB Local accepts any
 * credentials made of letters and digits; the AWS SDK reads AWS_ENDPOINT_URL_DYNAMODB itself.
 */
export function localEnvironment(): Record<string, string> {
  return {
    KAFKA_BOOTSTRAP_SERVERS: endpoints.kafkaBootstrap,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/**
 * The environment an AWS SDK client or CLI needs to reach the local LocalStack: every service at
 * one endpoint, LocalStack's fixed test account (it accepts any credentials).
 */
export function localstackEnvironment(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoints.localstack,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
}

/** JVM heap sizes are small on purpose: CI machines have 2 cores and run everything at once. */
export const heaps = {
  kafka: process.env.SC_KAFKA_HEAP ?? '-Xms128m -Xmx512m',
  dynamodb: process.env.SC_DYNAMODB_HEAP ?? '-Xms64m -Xmx256m',
  schemaRegistry: process.env.SC_SCHEMA_REGISTRY_HEAP ?? '-Xms64m -Xmx256m',
  opensearch: process.env.SC_OPENSEARCH_HEAP ?? '-Xms256m -Xmx256m',
};
