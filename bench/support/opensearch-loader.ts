// The limit the connector is measured against: a plain _bulk loader that sends the same actions
// the connector sends (same ids, external versions and documents, same batch size and requests in
// flight) straight from memory, with no Kafka, converters or SMTs. Runs as its own process so its
// CPU is measured from outside, like the connector's. Two HTTP clients: undici (what the connector
// uses) and the official OpenSearch JavaScript client, to show why the connector uses the former.
//
//   node bench/support/opensearch-loader.ts <url> <index> <documents> <undici|official> <batch> <in-flight>
import { Client } from '@opensearch-project/opensearch';
import { Pool } from 'undici';
import { benchDocument } from '../opensearch-documents.ts';

const [url, index, count, client, batch, inFlight] = process.argv.slice(2);
const documents = Number(count);
const batchSize = Number(batch);
const concurrency = Number(inFlight);
const path = '/_bulk?filter_path=errors,items.*.status,items.*.error';

function body(numbers: readonly number[]): Buffer {
  let text = '';
  for (const i of numbers) {
    const { key, value } = benchDocument(i);
    text += `{"index":{"_index":"${index}","_id":"${key}","version":${i},"version_type":"external"}}\n${value}\n`;
  }
  return Buffer.from(text, 'utf8');
}

/**
 * The documents of a _bulk answer to send again: those the cluster pushed back (429, 5xx), as the
 * connector retries them too. A 409 on a resent document means an earlier try already wrote it.
 * Anything else is a failure of the run.
 */
function toResend(numbers: readonly number[], text: string): { resend: number[]; failed: number } {
  if (/^\{\s*"errors"\s*:\s*false/.test(text)) return { resend: [], failed: 0 };
  const items =
    (JSON.parse(text) as { items?: Record<string, { status: number; error?: unknown }>[] }).items ?? [];
  const resend: number[] = [];
  let failed = 0;
  items.forEach((item, i) => {
    const status = Object.values(item)[0]?.status ?? 0;
    if (status === 429 || status >= 500) resend.push(numbers[i]!);
    else if (status >= 300 && status !== 409) {
      if (failed++ === 0) process.stderr.write(`refused: ${JSON.stringify(Object.values(item)[0])}\n`);
    }
  });
  return { resend, failed };
}

async function sendWithUndici(): Promise<(payload: Buffer) => Promise<string>> {
  const pool = new Pool(url!, { connections: concurrency + 1 });
  return async (payload) => {
    const response = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: payload,
    });
    return response.body.text();
  };
}

async function sendWithOfficialClient(): Promise<(payload: Buffer) => Promise<string>> {
  const os = new Client({ node: url!, maxRetries: 0, requestTimeout: 120_000 });
  return async (payload) => {
    const response = await os.transport.request({
      method: 'POST',
      path: '/_bulk',
      querystring: { filter_path: 'errors,items.*.status,items.*.error' },
      body: payload,
      bulkBody: undefined,
    });
    return JSON.stringify(response.body);
  };
}

const send = client === 'official' ? await sendWithOfficialClient() : await sendWithUndici();
const started = performance.now();
let next = 0;
let failures = 0;
let resent = 0;
async function lane(): Promise<void> {
  while (next < documents) {
    const first = next;
    next += batchSize;
    let numbers = Array.from({ length: Math.min(batchSize, documents - first) }, (_, i) => first + i);
    for (let attempt = 0; numbers.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
      const { resend, failed } = toResend(numbers, await send(body(numbers)));
      failures += failed;
      if (attempt === 8 && resend.length > 0) failures += resend.length;
      numbers = attempt === 8 ? [] : resend;
      resent += numbers.length;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, () => lane()));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, failures, resent })}\n`);
process.exit(0);
