// A Confluent-compatible Schema Registry for the registry converters' tests, the walkthrough and the
// benchmark: Apicurio Registry 3 (Apache-2.0), a ready Quarkus application from Maven Central,
// serving Confluent's API at /apis/ccompat/v7. In-memory storage: every start is a clean registry.
// It needs Java 21 or newer, which is looked up beside the default Java when that one is older.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fetchJars } from './jars.ts';
import { javaAtLeast } from './java.ts';
import { runningPid, spawnDaemon, stopDaemon, tcpOpen, waitUntilReady } from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, heaps, host, infraDir, ports } from './settings.ts';

const run = promisify(execFile);
const NAME = 'schema-registry';
const VERSION = '3.3.3';
const appDir = path.join(infraDir, 'apicurio-registry', VERSION);
const launcher = path.join(appDir, 'quarkus-run.jar');

/** Fetches the application archive (once, through Maven) and unpacks it (once). */
async function fetchRegistry(log: (line: string) => void): Promise<void> {
  const lib = await fetchJars(NAME, log);
  if (existsSync(launcher)) return;
  const archive = readdirSync(lib).find((f) => f.endsWith('.tar.gz'));
  if (!archive) throw new Error(`no Apicurio Registry archive in ${lib}`);
  log(`unpacking Apicurio Registry ${VERSION}`);
  const scratch = `${appDir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await run('tar', ['-xzf', path.join(lib, archive), '-C', scratch]);
  await rm(appDir, { recursive: true, force: true });
  await rename(scratch, appDir);
}

/** True when Confluent's subjects endpoint answers with a JSON list. */
export async function schemaRegistryAnswers(): Promise<boolean> {
  if (!(await tcpOpen(host, ports.schemaRegistry))) return false;
  try {
    const response = await fetch(`${endpoints.schemaRegistry}/subjects`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok && Array.isArray(await response.json());
  } catch {
    return false;
  }
}

async function startRegistry(log: (line: string) => void): Promise<Started> {
  if (await schemaRegistryAnswers()) return { name: NAME, started: false };
  for (const port of [ports.schemaRegistry, ports.schemaRegistryManagement]) {
    if (await tcpOpen(host, port)) {
      throw new Error(
        `port ${port} is taken by something that is not the schema registry; set SC_SCHEMA_REGISTRY_PORT and SC_SCHEMA_REGISTRY_MANAGEMENT_PORT to free ports`,
      );
    }
  }
  await fetchRegistry(log);
  const java = javaAtLeast(21, 'SC_SCHEMA_REGISTRY_JAVA_HOME', `Apicurio Registry ${VERSION}`);
  log(`starting Apicurio Registry on ${endpoints.schemaRegistry}`);
  const pid = await spawnDaemon(NAME, java, [
    ...heaps.schemaRegistry.split(' '),
    '-XX:TieredStopAtLevel=1',
    `-Dquarkus.http.host=${host}`,
    `-Dquarkus.http.port=${ports.schemaRegistry}`,
    `-Dquarkus.management.host=${host}`,
    `-Dquarkus.management.port=${ports.schemaRegistryManagement}`,
    '-Dquarkus.log.level=WARN',
    '-jar',
    launcher,
  ]);
  await waitUntilReady(NAME, pid, schemaRegistryAnswers, 120_000);
  return { name: NAME, started: true };
}

export const schemaRegistryService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.schemaRegistry,
  fetch: fetchRegistry,
  answers: schemaRegistryAnswers,
  start: startRegistry,
  stop: () => stopDaemon(NAME, launcher),
  pid: () => runningPid(NAME, launcher),
};
