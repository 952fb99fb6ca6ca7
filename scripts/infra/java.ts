// The Java runtimes: the default one runs Kafka and DynamoDB Local (both need Java 17 or newer);
// servers that need a newer Java (Apicurio Registry: 21) find one beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export function javaBinary(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

let checked = false;

export function assertJava17(): void {
  if (checked) return;
  // `java -version` prints its banner on stderr.
  const result = spawnSync(javaBinary(), ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`Java 17 or newer is needed to run Kafka and DynamoDB Local: ${result.error.message}`);
  }
  const banner = `${result.stderr}${result.stdout}`;
  const major = Number(/version "(\d+)/.exec(banner)?.[1] ?? 0);
  if (major < 17) {
    throw new Error(
      `Java 17 or newer is needed to run Kafka and DynamoDB Local; found: ${banner.split('\n')[0]}`,
    );
  }
  checked = true;
}

/** The major version a `java` binary reports, or 0 when it does not run. */
export function javaMajorVersion(binary: string): number {
  const result = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  if (result.error) return 0;
  const banner = `${result.stderr}${result.stdout}`;
  return Number(/version "(\d+)/.exec(banner)?.[1] ?? 0);
}

/** Where JDKs are installed side by side on Debian-like systems, and what the alternatives list. */
function installedJavaBinaries(): string[] {
  const found: string[] = [];
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot)) {
      const binary = path.join(jvmRoot, entry, 'bin', 'java');
      if (existsSync(binary)) found.push(binary);
    }
  }
  const alternatives = spawnSync('update-alternatives', ['--list', 'java'], { encoding: 'utf8' });
  if (!alternatives.error && alternatives.status === 0)
    found.push(...alternatives.stdout.split('\n').filter((line) => line.trim() !== ''));
  return found;
}

const newerJava = new Map<number, string>();

/**
 * A `java` binary of at least `major`: `envHome`'s (e.g. SC_SCHEMA_REGISTRY_JAVA_HOME) when set,
 * else the default Java when it is new enough, else the newest installed JDK that is. Throws with
 * what it tried when there is none.
 */
export function javaAtLeast(major: number, envHome: string, purpose: string): string {
  const cached = newerJava.get(major);
  if (cached) return cached;
  const explicit = process.env[envHome];
  const candidates = explicit
    ? [path.join(explicit, 'bin', 'java')]
    : [javaBinary(), ...installedJavaBinaries()];
  let best: { binary: string; version: number } | undefined;
  const seen: string[] = [];
  for (const binary of new Set(candidates)) {
    const version = javaMajorVersion(binary);
    seen.push(`${binary} (${version || 'does not run'})`);
    if (version >= major && (best === undefined || version > best.version)) best = { binary, version };
  }
  if (!best) {
    throw new Error(
      `${purpose} needs Java ${major} or newer; found none. Tried: ${seen.join(', ')}. ` +
        `Install a JDK ${major}+ or point ${envHome} at one.`,
    );
  }
  newerJava.set(major, best.binary);
  return best.binary;
}
