// What a failed _bulk item means. One rejected document is not a failed batch: the server
// answers per item, and each failure is sorted into retry (the cluster was busy), version
// conflict (a replayed or older record), malformed (the document itself), or fatal.
import type { Flavour } from './config.ts';

export interface ItemError {
  readonly type?: string;
  readonly reason?: string;
  readonly caused_by?: ItemError;
}

export type ItemFailureKind = 'retry' | 'conflict' | 'malformed' | 'fatal';

const MALFORMED = [
  'strict_dynamic_mapping_exception',
  'mapper_parsing_exception',
  'illegal_argument_exception',
  'action_request_validation_exception',
];
/** Confluent (15.x) also counts ES 8's document_parsing_exception; Aiven 4.0 does not. */
const MALFORMED_CONFLUENT = [...MALFORMED, 'document_parsing_exception'];

export function classifyItemFailure(flavour: Flavour, status: number, error: ItemError): ItemFailureKind {
  // Rejected because the cluster was overloaded or a shard was not ready: the same item can succeed
  // later. (Confluent fails the task on these, Aiven re-sends the whole batch; we re-send the item.)
  if (status === 429 || status === 503) return 'retry';
  const text = describeItemError(error);
  if (text.includes('version_conflict_engine_exception') || (flavour === 'opensearch' && status === 409))
    return 'conflict';
  const malformed = flavour === 'elasticsearch' ? MALFORMED_CONFLUENT : MALFORMED;
  if (malformed.some((type) => text.includes(type))) return 'malformed';
  return 'fatal';
}

/** "type: reason (caused by type: reason)", the way an item's failure is logged and reported. */
export function describeItemError(error: ItemError): string {
  let text = `${error.type ?? 'unknown'}: ${error.reason ?? ''}`;
  if (error.caused_by) text += ` (caused by ${describeItemError(error.caused_by)})`;
  return text;
}
