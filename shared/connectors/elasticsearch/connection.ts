// Does the cluster answer with these settings? Used by validation (one try, the error lands on
// the key to fix) and by task start (with retries, then the task fails naming the key). Either
// server is accepted: Elasticsearch 7+ and OpenSearch (Confluent's connector refuses OpenSearch;
// this one serves both under either class name).
import { ConnectError } from '../../api/errors.ts';
import { type ClusterTransport, HttpStatusError } from './http/transport.ts';
import { callWithRetries } from './retry.ts';
import type { SinkSettings } from './settings.ts';

export interface ServerInfo {
  readonly distribution: 'elasticsearch' | 'opensearch';
  readonly version: string;
}

/** A problem found while connecting, with the keys it concerns. */
export class ConnectionProblem extends ConnectError {
  readonly keys: readonly string[];
  constructor(message: string, keys: readonly string[]) {
    super(message);
    this.keys = keys;
  }
}

export async function serverInfo(transport: ClusterTransport, settings: SinkSettings): Promise<ServerInfo> {
  const product = settings.flavour === 'elasticsearch' ? 'Elasticsearch' : 'OpenSearch';
  let text: string;
  try {
    text = (await transport.request('GET', '/')).text;
  } catch (error) {
    if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
      const keys = settings.aws ? ['aws.region'] : ['connection.username', 'connection.password'];
      const check = settings.aws
        ? 'Check the AWS credentials and the aws.* settings.'
        : `Check the 'connection.username' and 'connection.password'.`;
      // Confluent treats 403 as "up, but this user may not ping": the credentials were accepted.
      if (error.status === 403 && !settings.aws) return { distribution: 'elasticsearch', version: 'unknown' };
      throw new ConnectionProblem(
        `Could not authenticate the user. ${check} Error message: HTTP ${error.status} from ${transport.urls()}`,
        keys,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ConnectionProblem(`Could not connect to ${product}. Error message: ${message}`, [
      'connection.url',
    ]);
  }
  const body = JSON.parse(text) as { version?: { number?: string; distribution?: string } };
  const version = body.version?.number ?? 'unknown';
  const distribution = body.version?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
  if (distribution === 'elasticsearch' && compareVersions(version, '7.0.0') < 0) {
    throw new ConnectionProblem(
      `Elasticsearch version ${version} is not supported: the server must be Elasticsearch 7.0.0 or newer, or OpenSearch.`,
      ['connection.url'],
    );
  }
  return { distribution, version };
}

/** Task start: the same check, retried like every other request before the task gives up. */
export async function awaitServer(
  transport: ClusterTransport,
  settings: SinkSettings,
  onRetry: (message: string) => void,
): Promise<ServerInfo> {
  try {
    return await callWithRetries(`connect to ${transport.urls()}`, () => serverInfo(transport, settings), {
      maxRetries: settings.maxRetries,
      retryBackoffMs: settings.retryBackoffMs,
      retriable: (error) => error instanceof ConnectionProblem && error.keys.includes('connection.url'),
      onRetry,
    });
  } catch (error) {
    const problem =
      error instanceof ConnectError && error.cause instanceof ConnectionProblem ? error.cause : error;
    if (problem instanceof ConnectionProblem) {
      throw new ConnectError(`${problem.keys.join(', ')}: ${problem.message}`, { cause: error });
    }
    throw error;
  }
}

function compareVersions(version: string, minimum: string): number {
  const a = version.split('.');
  const b = minimum.split('.');
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = Number.parseInt(a[i]!.split('-')[0]!, 10) - Number.parseInt(b[i]!.split('-')[0]!, 10);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
