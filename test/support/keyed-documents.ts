// The workload of the large sink tests: keyed JSON records where keys repeat, so the right end
// state is not "one document per record" but "each key's document holds the key's last record".
// Replays, kills and hand-overs must all end in exactly that state.
import type { ProducerRecord } from '../../shared/kafka/index.ts';
import type { StoredDocument } from './opensearch.ts';

export interface KeyedWorkload {
  readonly records: ProducerRecord[];
  /** key → the seq of its last record. */
  readonly lastSeqByKey: Map<string, number>;
}

export function keyedWorkload(topic: string, count: number, keys: number): KeyedWorkload {
  const records: ProducerRecord[] = [];
  const lastSeqByKey = new Map<string, number>();
  for (let seq = 0; seq < count; seq++) {
    const key = `key-${String(seq % keys).padStart(6, '0')}`;
    records.push({ topic, key, value: JSON.stringify({ key, seq, note: `record ${seq}` }) });
    lastSeqByKey.set(key, seq);
  }
  return { records, lastSeqByKey };
}

/** Problems with the stored documents: missing or extra keys, or a key holding an older record. */
export function documentProblems(
  workload: KeyedWorkload,
  documents: ReadonlyMap<string, StoredDocument>,
): string[] {
  const problems: string[] = [];
  for (const [key, seq] of workload.lastSeqByKey) {
    const document = documents.get(key);
    if (!document) problems.push(`${key}: missing`);
    else if (document.source.seq !== seq)
      problems.push(`${key}: holds seq ${document.source.seq}, expected ${seq}`);
  }
  for (const id of documents.keys()) if (!workload.lastSeqByKey.has(id)) problems.push(`${id}: unexpected`);
  return problems.slice(0, 20);
}

/** The Elasticsearch sink config of the large tests: keys as ids, offsets as versions, big batches. */
export function keyedSinkConfig(topic: string, url: string, tasks: number): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.elasticsearch.ElasticsearchSinkConnector',
    topics: topic,
    'tasks.max': String(tasks),
    'connection.url': url,
    'key.ignore': 'false',
    'schema.ignore': 'true',
    'batch.size': '1000',
    'max.retries': '10',
    // A shared 2-core machine can take longer than the 3 s default to answer a bulk request.
    'read.timeout.ms': '60000',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
  };
}
