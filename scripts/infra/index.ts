// One entry point for everything the tests, the quickstart and the benchmarks need running locally.
// Each server is a named service (service.ts); `npm run infra:up -- <names>` starts the named ones,
// and no names means the default set (Kafka and DynamoDB Local).
import { dynamodbService } from './dynamodb.ts';
import { fetchJars } from './jars.ts';
import { kafkaService } from './kafka.ts';
import { localstackService } from './localstack.ts';
import { opensearchService } from './opensearch.ts';
import { postgresService } from './postgres.ts';
import { schemaRegistryService } from './schema-registry.ts';
import type { InfraService, Started } from './service.ts';

export type { InfraService, Started } from './service.ts';
export { endpoints, localEnvironment, localstackEnvironment, ports, postgresAdmin } from './settings.ts';

/** Every service, in start-up order for `infra:up` listings. */
const registry = [
  kafkaService,
  dynamodbService,
  postgresService,
  opensearchService,
  localstackService,
  schemaRegistryService,
] as const satisfies readonly InfraService[];

export type Service = (typeof registry)[number]['name'];
export const allServices: readonly Service[] = registry.map((s) => s.name);
/** What `infra:up` without names, `npm test`'s global setup and the quickstart's tooling start. */
export const defaultServices: readonly Service[] = ['kafka', 'dynamodb'];

export function service(name: Service): InfraService {
  const found = registry.find((s) => s.name === name);
  if (!found) throw new Error(`unknown service "${name}"; known: ${allServices.join(', ')}`);
  return found;
}

/** Parses service names given on a command line; no names means the default set. */
export function servicesFrom(args: readonly string[]): Service[] {
  if (args.length === 0) return [...defaultServices];
  for (const arg of args) {
    if (!allServices.includes(arg as Service)) {
      throw new Error(`unknown service "${arg}"; known: ${allServices.join(', ')}`);
    }
  }
  return args as Service[];
}

export async function fetchAll(log: (line: string) => void = () => {}): Promise<void> {
  // Sequential: two Maven runs at once would fight over the local repository.
  for (const s of registry) await s.fetch(log);
  // Kafka Connect is not a service the tests run all the time, but CI needs its jars offline-ready
  // for the conformance harnesses and the benchmark; Debezium for the change-data-capture ones.
  await fetchJars('connect', log);
  await fetchJars('debezium', log);
  // Apicurio's AvroConverter: the reference of the Avro differential test and benchmark.
  await fetchJars('apicurio-converter', log);
}

/** Starts what is missing, reuses what already answers; says which ones it started. */
export async function ensureInfra(
  services: readonly Service[] = defaultServices,
  log: (line: string) => void = () => {},
): Promise<Started[]> {
  // Fetch first (sequentially), then start the servers side by side.
  for (const name of services) await service(name).fetch(log);
  return Promise.all(services.map((name) => service(name).start(log)));
}

export async function stopInfra(services: readonly Service[] = allServices): Promise<Service[]> {
  const stopped = await Promise.all(
    services.map(async (name) => ((await service(name).stop()) ? name : undefined)),
  );
  return stopped.filter((s): s is Service => s !== undefined);
}

export interface ServiceStatus {
  name: Service;
  endpoint: string;
  up: boolean;
  /** Our pid when this checkout started it. */
  pid: number | undefined;
}

export async function infraStatus(services: readonly Service[] = allServices): Promise<ServiceStatus[]> {
  return Promise.all(
    services.map(async (name) => {
      const s = service(name);
      return { name, endpoint: s.endpoint(), up: await s.answers(), pid: await s.pid() };
    }),
  );
}
