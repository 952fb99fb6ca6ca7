// AWS's DynamoDB Local emulator, from Maven Central, in memory on 127.0.0.1.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { classpath, fetchJars, libDir } from './jars.ts';
import { assertJava17, javaBinary } from './java.ts';
import { runningPid, spawnDaemon, stopDaemon, tcpOpen, waitUntilReady } from './process.ts';
import type { InfraService, Started } from './service.ts';
import { endpoints, heaps, host, ports } from './settings.ts';

const NAME = 'dynamodb';
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';

/** A ListTables round trip: it also proves the native SQLite library loaded (it fails lazily). */
export async function dynamodbAnswers(): Promise<boolean> {
  if (!(await tcpOpen(host, ports.dynamodb))) return false;
  const client = new DynamoDBClient({
    endpoint: endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export async function startDynamodb(log: (line: string) => void = () => {}): Promise<Started> {
  if (await dynamodbAnswers()) return { name: NAME, started: false };
  if (await tcpOpen(host, ports.dynamodb)) {
    throw new Error(
      `port ${ports.dynamodb} is taken by something that is not DynamoDB Local; set SC_DYNAMODB_PORT to a free port`,
    );
  }
  assertJava17();
  await fetchJars('dynamodb', log);
  log(`starting DynamoDB Local on ${endpoints.dynamodb}`);
  const pid = await spawnDaemon(NAME, javaBinary(), [
    ...heaps.dynamodb.split(' '),
    // sqlite4java's JNI libraries were copied into the lib folder with the jars.
    `-Djava.library.path=${libDir('dynamodb')}`,
    '-cp',
    classpath('dynamodb'),
    MAIN_CLASS,
    '-inMemory',
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(ports.dynamodb),
  ]);
  await waitUntilReady(NAME, pid, dynamodbAnswers, 60_000);
  return { name: NAME, started: true };
}

export async function stopDynamodb(): Promise<boolean> {
  return stopDaemon(NAME, MAIN_CLASS);
}

export async function dynamodbPid(): Promise<number | undefined> {
  return runningPid(NAME, MAIN_CLASS);
}

export const dynamodbService: InfraService = {
  name: NAME,
  endpoint: () => endpoints.dynamodb,
  fetch: async (log) => {
    await fetchJars('dynamodb', log);
  },
  answers: dynamodbAnswers,
  start: startDynamodb,
  stop: stopDynamodb,
  pid: dynamodbPid,
};
