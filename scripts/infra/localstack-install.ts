// Everything LocalStack would otherwise download, prepared once under .infra/localstack/:
//   venv/   localstack-core and its dependencies at the versions in localstack/requirements.lock,
//           plus the project's Lambda executor plugin (localstack/lambda-executor/)
//   lib/    what LocalStack finds in its var/lib/localstack/lib: the DynamoDB Local it runs (the
//           project's Maven Central jars behind a launcher jar) and the Java it runs it with (a link
//           to the installed JDK), so it never reaches for GitHub or CloudFront
//   root-<port>/  the filesystem root (FILESYSTEM_ROOT) of the LocalStack on that port; its
//           var/lib/localstack/lib links to lib/
// A stamp over the inputs makes later calls free and offline.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fetchJars, libDir } from './jars.ts';
import { assertJava17, javaBinary } from './java.ts';
import { runningPid } from './process.ts';
import { infraDir, projectRoot } from './settings.ts';

const run = promisify(execFile);

export const localstackDir = path.join(infraDir, 'localstack');
export const venvDir = path.join(localstackDir, 'venv');
export const venvPython = path.join(venvDir, 'bin', 'python');
/** LocalStack's FILESYSTEM_ROOT (one per port): with OVERRIDE_IN_DOCKER=0 it writes nowhere else. */
export function filesystemRoot(port: number): string {
  return path.join(localstackDir, `root-${port}`);
}
const sources = path.join(projectRoot, 'scripts', 'infra', 'localstack');
const lockFile = path.join(sources, 'requirements.lock');
const executorPackage = path.join(sources, 'lambda-executor');
const varLibs = path.join(localstackDir, 'lib');

/** localstack-core 2026.3.0 imports `warnings.deprecated` (Python 3.13); 3.12 fails at start. */
const minimumPython: [number, number] = [3, 13];

async function pythonVersion(binary: string): Promise<[number, number] | undefined> {
  try {
    const { stdout } = await run(binary, ['-c', 'import sys; print(*sys.version_info[:2])']);
    const [major, minor] = stdout.trim().split(' ').map(Number);
    return [major!, minor!];
  } catch {
    return undefined;
  }
}

/** SC_LOCALSTACK_PYTHON, else python3.13+/python3 on PATH, else pyenv's installed versions. */
async function findPython(): Promise<string> {
  const candidates = [process.env.SC_LOCALSTACK_PYTHON, 'python3.14', 'python3.13', 'python3'].filter(
    (c): c is string => !!c,
  );
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(process.env.HOME ?? '/root', '.pyenv');
  const versions = path.join(pyenvRoot, 'versions');
  if (existsSync(versions)) {
    const installed = (await readdir(versions)).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    installed.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    candidates.push(...installed.map((v) => path.join(versions, v, 'bin', 'python3')));
  }
  for (const candidate of candidates) {
    const version = await pythonVersion(candidate);
    if (version && (version[0] > minimumPython[0] || version[1] >= minimumPython[1])) return candidate;
  }
  throw new Error(
    `LocalStack needs Python ${minimumPython.join('.')} or newer; none found (tried ${candidates.join(', ')}). ` +
      'Install one (e.g. `pyenv install 3.13`) or point SC_LOCALSTACK_PYTHON at it.',
  );
}

async function hashOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(projectRoot, file)).update(await readFile(file));
  return hash.digest('hex');
}

/** The lock and the executor plugin's sources decide the virtual environment. */
async function venvInputs(): Promise<string[]> {
  const plugin = (await readdir(executorPackage, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('__pycache__'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return [lockFile, ...plugin];
}

/** Runs `install` unless `stamp` holds the hash of `inputs` and `marker` exists; then writes it. */
async function once(
  stamp: string,
  marker: string,
  inputs: readonly string[],
  install: () => Promise<void>,
): Promise<void> {
  const hash = await hashOf(inputs);
  if (existsSync(marker) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === hash) return;
  await rm(stamp, { force: true });
  await install();
  await writeFile(stamp, hash);
}

async function pip(args: string[]): Promise<void> {
  try {
    await run(venvPython, ['-m', 'pip', '--disable-pip-version-check', '--no-input', ...args], {
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`pip ${args.join(' ')} failed:\n${`${stdout}\n${stderr}`.trim().slice(-4000)}`, {
      cause: error,
    });
  }
}

async function installVenv(log: (line: string) => void): Promise<void> {
  const runs = existsSync(path.join(infraDir, 'run'))
    ? (await readdir(path.join(infraDir, 'run'))).filter((name) => name.startsWith('localstack'))
    : [];
  const running = await Promise.all(runs.map((name) => runningPid(name, 'localstack.runtime.main')));
  if (running.some((pid) => pid !== undefined)) {
    throw new Error(
      'the LocalStack environment changed but a LocalStack of this checkout runs from the old one; ' +
        'stop it with `npm run infra:down -- localstack` and try again',
    );
  }
  const python = await findPython();
  log(`installing LocalStack into .infra/localstack/venv with ${python} (once)`);
  await rm(venvDir, { recursive: true, force: true });
  await run(python, ['-m', 'venv', venvDir]);
  // The lock is complete: no resolution, so nothing newer than it can slip in.
  await pip(['install', '--no-deps', '-r', lockFile]);
  // Built with the locked setuptools (no isolated build environment to download), from a copy: pip
  // builds in the source folder and would leave build/ and *.egg-info in the checkout.
  const copy = path.join(localstackDir, 'build', 'lambda-executor');
  await rm(copy, { recursive: true, force: true });
  await cp(executorPackage, copy, { recursive: true });
  await pip(['install', '--no-deps', '--no-build-isolation', copy]);
  await rm(path.dirname(copy), { recursive: true, force: true });
  await checkComplete();
}

/**
 * `pip check`, except for kclpy-ext's `argparse` requirement: argparse is in the standard library
 * (whether pip counts it depends on how the package was built).
 */
async function checkComplete(): Promise<void> {
  const { stdout } = await run(venvPython, ['-m', 'pip', 'check']).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? String(error),
  }));
  const broken = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !/No broken requirements|requires argparse,/.test(line));
  if (broken.length > 0) throw new Error(`the LocalStack environment is incomplete:\n${broken.join('\n')}`);
}

/** The JDK home behind `java` (LocalStack wants a Java 21 folder; DynamoDB Local runs on 17). */
async function javaHome(): Promise<string> {
  const { stderr } = await run(javaBinary(), ['-XshowSettings:properties', '-version']);
  const home = /java\.home = (.+)/.exec(stderr)?.[1]?.trim();
  if (!home) throw new Error('could not find java.home of the installed Java');
  return home;
}

function jdkTool(name: 'jar' | 'javac', home: string): string {
  const inHome = path.join(home, 'bin', name);
  return existsSync(inHome) ? inHome : name;
}

/** Manifest lines are at most 72 bytes; longer values continue on lines starting with a space. */
function manifest(attributes: Record<string, string>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    let rest = `${key}: ${value}`;
    lines.push(rest.slice(0, 72));
    rest = rest.slice(72);
    while (rest.length > 0) {
      lines.push(` ${rest.slice(0, 71)}`);
      rest = rest.slice(71);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Where LocalStack's installer looks (dynamodb-local/2, java/21). It runs
 * `java -javaagent:ddb-local-loader-0.1.jar -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar`:
 * the launcher jar names the project's DynamoDB Local jars, the agent does nothing (LocalStack's own
 * only lifts the limit of 20 global secondary indexes), and the native SQLite library sits beside the
 * jars.
 */
async function prepareDynamodbLocal(log: (line: string) => void): Promise<void> {
  assertJava17();
  const jars = await fetchJars('dynamodb', log);
  const home = await javaHome();
  const javaDir = path.join(varLibs, 'java');
  const target = path.join(varLibs, 'dynamodb-local', '2');
  await rm(target, { recursive: true, force: true });
  await rm(path.join(javaDir, '21'), { force: true });
  await mkdir(target, { recursive: true });
  await mkdir(javaDir, { recursive: true });
  await symlink(home, path.join(javaDir, '21'));
  await symlink(jars, path.join(target, 'DynamoDBLocal_lib'));

  const scratch = path.join(localstackDir, 'build');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(path.join(scratch, 'classes'), { recursive: true });
  const jar = jdkTool('jar', home);

  const classPath = (await readdir(jars))
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => `DynamoDBLocal_lib/${f}`)
    .join(' ');
  await writeFile(
    path.join(scratch, 'launcher.mf'),
    manifest({
      'Main-Class': 'software.amazon.dynamodb.services.local.main.ServerRunner',
      'Class-Path': classPath,
    }),
  );
  await run(jar, [
    '--create',
    '--file',
    path.join(target, 'DynamoDBLocal.jar'),
    '--manifest',
    path.join(scratch, 'launcher.mf'),
  ]);

  await run(jdkTool('javac', home), [
    '-d',
    path.join(scratch, 'classes'),
    path.join(sources, 'NoopAgent.java'),
  ]);
  await writeFile(path.join(scratch, 'agent.mf'), manifest({ 'Premain-Class': 'NoopAgent' }));
  await run(jar, [
    '--create',
    '--file',
    path.join(target, 'ddb-local-loader-0.1.jar'),
    '--manifest',
    path.join(scratch, 'agent.mf'),
    '-C',
    path.join(scratch, 'classes'),
    '.',
  ]);
  await rm(scratch, { recursive: true, force: true });
}

/** A fresh filesystem root for the LocalStack on `port` (its state is in memory: PERSISTENCE=0). */
export async function freshFilesystemRoot(port: number): Promise<string> {
  const root = filesystemRoot(port);
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, 'var', 'lib', 'localstack'), { recursive: true });
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  await symlink(varLibs, path.join(root, 'var', 'lib', 'localstack', 'lib'));
  return root;
}

/** Idempotent: installs what changed since the last call, else returns at once. */
export async function installLocalstack(log: (line: string) => void = () => {}): Promise<void> {
  await mkdir(localstackDir, { recursive: true });
  await once(path.join(localstackDir, '.venv-sha256'), venvPython, await venvInputs(), () =>
    installVenv(log),
  );
  await fetchJars('dynamodb', log);
  await once(
    path.join(localstackDir, '.lib-sha256'),
    path.join(varLibs, 'dynamodb-local', '2', 'DynamoDBLocal.jar'),
    [path.join(libDir('dynamodb'), '.pom-sha256'), path.join(sources, 'NoopAgent.java')],
    () => prepareDynamodbLocal(log),
  );
}
