// Reading and preparing indices on the local OpenSearch node, for tests that check what a sink
// wrote. Plain REST calls: the tests look at the cluster the way a user would with curl.
import { endpoints } from '../../scripts/infra/settings.ts';

export const opensearchUrl = endpoints.opensearch;

/** A parsed response, read loosely: tests know the shape they asked for. */
// biome-ignore lint/suspicious/noExplicitAny: responses are read as the REST API documents them
export type Json = any;

export interface StoredDocument {
  readonly id: string;
  readonly version: number;
  readonly source: Record<string, unknown>;
}

export async function opensearch(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${opensearchUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/**
 * An index tuned for bulk tests on a small machine: one shard, no replica, no periodic refresh.
 * The sink creates indices itself; tests that count tens of thousands of documents create them
 * first, as operators usually do.
 */
export async function createBulkIndex(index: string, mappings?: unknown): Promise<void> {
  const { status, json } = await opensearch('PUT', `/${index}`, {
    settings: {
      number_of_shards: 1,
      number_of_replicas: 0,
      refresh_interval: '-1',
      'translog.durability': 'async',
    },
    ...(mappings ? { mappings } : {}),
  });
  if (status !== 200) throw new Error(`could not create index ${index}: ${JSON.stringify(json)}`);
}

export async function refresh(index: string): Promise<void> {
  await opensearch('POST', `/${index}/_refresh`);
}

export async function countDocuments(index: string): Promise<number> {
  await refresh(index);
  const { status, json } = await opensearch('GET', `/${index}/_count`);
  return status === 200 ? (json.count as number) : 0;
}

/** Every document of an index with its version, by scrolling (any number of documents). */
export async function allDocuments(index: string): Promise<Map<string, StoredDocument>> {
  await refresh(index);
  const documents = new Map<string, StoredDocument>();
  let page = await opensearch('POST', `/${index}/_search?scroll=1m`, {
    size: 10_000,
    version: true,
    query: { match_all: {} },
  });
  for (;;) {
    const hits = page.json.hits.hits as { _id: string; _version: number; _source: Record<string, unknown> }[];
    for (const hit of hits)
      documents.set(hit._id, { id: hit._id, version: hit._version, source: hit._source });
    if (hits.length === 0) break;
    page = await opensearch('POST', '/_search/scroll', { scroll: '1m', scroll_id: page.json._scroll_id });
  }
  await opensearch('DELETE', '/_search/scroll', { scroll_id: page.json._scroll_id });
  return documents;
}

export async function indexExists(index: string): Promise<boolean> {
  return (await fetch(`${opensearchUrl}/${index}`, { method: 'HEAD' })).status === 200;
}

export async function deleteIndex(index: string): Promise<void> {
  await opensearch('DELETE', `/${index}`);
}
