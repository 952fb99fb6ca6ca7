// The Java runtime that runs Kafka and DynamoDB Local (both need Java 17 or newer).
import { spawnSync } from 'node:child_process';
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
