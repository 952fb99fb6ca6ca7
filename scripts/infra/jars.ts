// Resolves a service's jars from Maven Central into .infra/lib/<service>, once per pom.xml
// content: a stamp holding the pom's hash makes repeated calls free and offline.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { infraDir, projectRoot } from './settings.ts';

const run = promisify(execFile);

export type JarSet = 'kafka' | 'dynamodb' | 'connect' | 'debezium' | 'schema-registry' | 'apicurio-converter';

export function pomPath(set: JarSet): string {
  return path.join(projectRoot, 'scripts', 'infra', set, 'pom.xml');
}

export function libDir(set: JarSet): string {
  return path.join(infraDir, 'lib', set);
}

/** The classpath argument for `java -cp`; Java expands `dir/*` to every jar itself. */
export function classpath(set: JarSet): string {
  return path.join(libDir(set), '*');
}

export async function fetchJars(set: JarSet, log: (line: string) => void = () => {}): Promise<string> {
  const pom = await readFile(pomPath(set));
  const hash = createHash('sha256').update(pom).digest('hex');
  const target = libDir(set);
  const stamp = path.join(target, '.pom-sha256');
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === hash) return target;

  log(`fetching ${set} jars from Maven Central (once)`);
  // Resolve into a scratch folder and rename, so an interrupted download never looks complete.
  const scratch = `${target}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  try {
    await run(
      'mvn',
      ['-q', '-B', '-f', pomPath(set), 'dependency:copy-dependencies', `-DoutputDirectory=${scratch}`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    const detail =
      error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout) : '';
    throw new Error(`could not fetch the ${set} jars with Maven (is 'mvn' installed?)\n${detail}`, {
      cause: error,
    });
  }
  await writeFile(path.join(scratch, '.pom-sha256'), hash);
  await rm(target, { recursive: true, force: true });
  await rename(scratch, target);
  return target;
}
