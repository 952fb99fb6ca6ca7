// One entry point for everything the tests and the quickstart need running locally.
import { startDynamodb, stopDynamodb } from './dynamodb.ts';
import { fetchJars } from './jars.ts';
import { type Started, startKafka, stopKafka } from './kafka.ts';

export type { Started } from './kafka.ts';
export { endpoints, localEnvironment, ports } from './settings.ts';

export type Service = 'kafka' | 'dynamodb';
export const allServices: readonly Service[] = ['kafka', 'dynamodb'];

const starters: Record<Service, (log: (line: string) => void) => Promise<Started>> = {
  kafka: startKafka,
  dynamodb: startDynamodb,
};

const stoppers: Record<Service, () => Promise<boolean>> = {
  kafka: stopKafka,
  dynamodb: stopDynamodb,
};

export async function fetchAll(log: (line: string) => void = () => {}): Promise<void> {
  // Sequential: two Maven runs at once would fight over the local repository.
  for (const service of allServices) await fetchJars(service, log);
  // Kafka Connect is not a service the tests run all the time, but CI needs its jars offline-ready
  // for the conformance harnesses and the benchmark.
  await fetchJars('connect', log);
}

/** Starts what is missing, reuses what already answers; says which ones it started. */
export async function ensureInfra(
  services: readonly Service[] = allServices,
  log: (line: string) => void = () => {},
): Promise<Started[]> {
  // Fetch first (sequentially), then start the JVMs side by side.
  for (const service of services) await fetchJars(service, log);
  return Promise.all(services.map((service) => starters[service](log)));
}

export async function stopInfra(services: readonly Service[] = allServices): Promise<Service[]> {
  const stopped = await Promise.all(services.map(async (s) => ((await stoppers[s]()) ? s : undefined)));
  return stopped.filter((s): s is Service => s !== undefined);
}
