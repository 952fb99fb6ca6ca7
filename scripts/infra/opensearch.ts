// A single-node OpenSearch 2.x from the distribution zip OpenSearch publishes on Maven Central for
// its own integration tests (no bundled JDK, no security plugin): started with the installed Java
// 17 on 127.0.0.1, fresh data on every start. OpenSearch refuses to run as root, so when we are
// root it runs as an unprivileged system user that owns a copy of the distribution and its data.

import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertJava17, javaBinary } from './java.ts';
import {
  type RunAs,
  runDir,
  runningPid,
  spawnDaemon,
  stopDaemon,
  tcpOpen,
  waitUntilReady,
} from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, heaps, host, infraDir, ports } from './settings.ts';

const run = promisify(execFile);

const NAME = 'opensearch';
const MAIN_CLASS = 'org.opensearch.bootstrap.OpenSearch';
export const OPENSEARCH_VERSION = '2.19.6';
const ARTIFACT = `org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip`;
const DISTRIBUTION = `opensearch-${OPENSEARCH_VERSION}`;
/** The account OpenSearch runs as when we are root; its home holds the server's files. */
const SERVICE_USER = 'serverless-connect';
const SERVICE_HOME = '/var/lib/serverless-connect';

const downloadDir = path.join(infraDir, 'lib', NAME);
const unpacked = path.join(downloadDir, DISTRIBUTION);

/** True when something speaking the Elasticsearch/OpenSearch REST API answers on the port. */
export async function opensearchAnswers(timeoutMs = 3000): Promise<boolean> {
  if (!(await tcpOpen(host, ports.opensearch))) return false;
  try {
    const response = await fetch(`${endpoints.opensearch}/`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { version?: { number?: unknown } };
    return typeof body.version?.number === 'string';
  } catch {
    return false;
  }
}

/** Green or yellow: a single node cannot place replicas, and needs none. */
async function clusterUsable(): Promise<boolean> {
  const response = await fetch(`${endpoints.opensearch}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
    signal: AbortSignal.timeout(5000),
  });
  return response.ok;
}

/** Downloads the zip with Maven (once) and unpacks it into .infra/lib/opensearch. */
export async function fetchOpensearch(log: (line: string) => void = () => {}): Promise<string> {
  const stamp = path.join(unpacked, '.complete');
  if (existsSync(stamp)) return unpacked;
  log(`fetching OpenSearch ${OPENSEARCH_VERSION} from Maven Central (once)`);
  const scratch = `${downloadDir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  try {
    await run(
      'mvn',
      ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${scratch}`],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    // unzip keeps the scripts' execute bits, which Java's zip tools would drop.
    await run('unzip', ['-q', path.join(scratch, `${DISTRIBUTION}.zip`), '-d', scratch]);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    const detail =
      error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout) : '';
    throw new Error(
      `could not fetch OpenSearch with Maven and unzip (are 'mvn' and 'unzip' installed?)\n${detail}`,
      {
        cause: error,
      },
    );
  }
  await rm(path.join(scratch, `${DISTRIBUTION}.zip`), { force: true });
  await writeFile(path.join(scratch, DISTRIBUTION, '.complete'), ARTIFACT);
  await rm(downloadDir, { recursive: true, force: true });
  await rename(scratch, downloadDir);
  return unpacked;
}

interface Layout {
  /** OpenSearch's home: bin/, lib/, modules/ (read-only for the server). */
  readonly home: string;
  /** This node's config, data, logs and temp files, owned by the user that runs it. */
  readonly node: string;
  /** Undefined: run as ourselves. */
  readonly runAs: RunAs | undefined;
}

async function idOf(flag: '-u' | '-g', user: string): Promise<number> {
  return Number((await run('id', [flag, user])).stdout.trim());
}

/**
 * Where the server's files live and whom it runs as. As root: the service user's home holds a copy
 * of the distribution (the checkout itself may sit below a folder that user cannot enter).
 */
async function prepareLayout(log: (line: string) => void): Promise<Layout> {
  if (process.getuid?.() !== 0) {
    return { home: unpacked, node: path.join(runDir(NAME), 'node'), runAs: undefined };
  }
  try {
    await idOf('-u', SERVICE_USER);
  } catch {
    log(`creating system user ${SERVICE_USER} (OpenSearch refuses to run as root)`);
    await run('useradd', [
      '--system',
      '--user-group',
      '--create-home',
      '--home-dir',
      SERVICE_HOME,
      '--shell',
      '/usr/sbin/nologin',
      SERVICE_USER,
    ]);
  }
  const uid = await idOf('-u', SERVICE_USER);
  const gid = await idOf('-g', SERVICE_USER);
  const home = path.join(SERVICE_HOME, DISTRIBUTION);
  if (!existsSync(path.join(home, '.complete'))) {
    await rm(home, { recursive: true, force: true });
    await cp(unpacked, home, { recursive: true, preserveTimestamps: true });
  }
  const node = path.join(SERVICE_HOME, `node-${ports.opensearch}`);
  await mkdir(SERVICE_HOME, { recursive: true });
  await run('chown', ['-R', `${uid}:${gid}`, SERVICE_HOME]);
  return { home, node, runAs: { uid, gid } };
}

export async function startOpensearch(log: (line: string) => void = () => {}): Promise<Started> {
  if (await opensearchAnswers()) return { name: NAME, started: false };
  if (await tcpOpen(host, ports.opensearch)) {
    throw new Error(
      `port ${ports.opensearch} is taken by something that is not OpenSearch; set SC_OPENSEARCH_PORT to a free port`,
    );
  }
  assertJava17();
  await fetchOpensearch(log);
  const layout = await prepareLayout(log);

  // A fresh node every start: tests use unique index names, and an old data folder from another
  // version or a crashed run is a classic cause of start-up failures.
  const config = path.join(layout.node, 'config');
  const data = path.join(layout.node, 'data');
  const logs = path.join(layout.node, 'logs');
  const tmp = path.join(layout.node, 'tmp');
  await rm(layout.node, { recursive: true, force: true });
  for (const dir of [config, data, logs, tmp]) await mkdir(dir, { recursive: true });
  await cp(path.join(layout.home, 'config'), config, { recursive: true });
  if (layout.runAs) {
    await run('chown', ['-R', `${layout.runAs.uid}:${layout.runAs.gid}`, layout.node]);
  }

  const javaHome = path.dirname(path.dirname(realpathSync(resolveJava())));
  log(`starting OpenSearch ${OPENSEARCH_VERSION} on ${endpoints.opensearch}`);
  const pid = await spawnDaemon(
    NAME,
    path.join(layout.home, 'bin', 'opensearch'),
    [
      '-Ediscovery.type=single-node',
      `-Enetwork.host=${host}`,
      `-Ehttp.port=${ports.opensearch}`,
      `-Etransport.port=${ports.opensearchTransport}`,
      `-Epath.data=${data}`,
      `-Epath.logs=${logs}`,
      '-Ecluster.name=serverless-connect',
      `-Enode.name=local-${ports.opensearch}`,
      // Tests and benchmarks must not stop writing because a shared disk is 90 % full.
      '-Ecluster.routing.allocation.disk.threshold_enabled=false',
    ],
    {
      ...process.env,
      OPENSEARCH_JAVA_HOME: javaHome,
      OPENSEARCH_PATH_CONF: config,
      OPENSEARCH_TMPDIR: tmp,
      // Heap last so it wins over config/jvm.options; GC logging off (the file would grow unbounded).
      OPENSEARCH_JAVA_OPTS: `${heaps.opensearch} -Xlog:disable -Xlog:all=warning:stderr`,
      HOME: layout.runAs ? SERVICE_HOME : (process.env.HOME ?? layout.node),
    },
    layout.runAs,
  );
  await waitUntilReady(
    NAME,
    pid,
    async () => (await opensearchAnswers()) && (await clusterUsable()),
    120_000,
  );
  return { name: NAME, started: true };
}

/** The java binary on the PATH (or JAVA_HOME's), resolved to a file. */
function resolveJava(): string {
  const binary = javaBinary();
  if (path.isAbsolute(binary)) return binary;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('java not found on the PATH; set JAVA_HOME to a Java 17 JDK');
}

export async function stopOpensearch(): Promise<boolean> {
  return stopDaemon(NAME, MAIN_CLASS);
}

export async function opensearchPid(): Promise<number | undefined> {
  return runningPid(NAME, MAIN_CLASS);
}

export const opensearchService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.opensearch,
  fetch: async (log) => {
    await fetchOpensearch(log);
  },
  answers: () => opensearchAnswers(),
  start: startOpensearch,
  stop: stopOpensearch,
  pid: opensearchPid,
};
