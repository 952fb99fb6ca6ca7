// The shape of a conformance case and of its outcome, shared by both sides of the harness.
// A case is plain JSON so that the Java program and our runner read the very same text.

/** Connect data in JsonConverter envelope form; null means null schema and null value. */
export type DataSpec = { schema: unknown; payload: unknown } | null;

/** Raw bytes as UTF-8 text or base64; null is a null byte array (a tombstone). */
export type BytesSpec = { text: string } | { base64: string } | null;

export interface RecordSpec {
  topic?: string;
  partition?: number;
  offset?: number;
  timestamp?: number | null;
  key?: DataSpec;
  value?: DataSpec;
  headers?: { key: string; data: DataSpec }[];
}

export interface PluginSpec {
  class: string;
  config?: Record<string, string | null>;
}

export interface StageSpec extends PluginSpec {
  predicate?: PluginSpec;
  negate?: boolean;
}

interface CaseBase {
  id: string;
  /** Why our result deliberately differs from Kafka's; the test then requires a difference. */
  difference?: string;
  /**
   * Why the outcome differs when the Java harness runs on a JDK older than 19 (whose number
   * printing is not the shortest); from JDK 19 on the case must match.
   */
  olderJdkDifference?: string;
  /** Compare only the error class, not its message (messages that name Java classes). */
  compare?: 'errorClass';
}

export type ConformanceCase = CaseBase &
  (
    | ({ kind: 'converter'; isKey?: boolean; topic?: string } & PluginSpec &
        ({ op: 'toConnect'; input: BytesSpec } | { op: 'fromConnect'; data: DataSpec }))
    | ({ kind: 'headerConverter'; topic?: string; headerKey?: string } & PluginSpec &
        ({ op: 'toConnectHeader'; input: BytesSpec } | { op: 'fromConnectHeader'; data: DataSpec }))
    | ({ kind: 'transform'; record: RecordSpec } & PluginSpec)
    | ({ kind: 'predicate'; record: RecordSpec } & PluginSpec)
    | { kind: 'chain'; stages: StageSpec[]; record: RecordSpec }
    | PipelineSpec
  );

/**
 * The data path end to end: key and value bytes → `converter` → the SMT chain → the same converter
 * back to bytes; headers the SMTs added go through `headerConverter` (or are shown as data).
 */
export interface PipelineSpec {
  kind: 'pipeline';
  converter: PluginSpec;
  headerConverter?: PluginSpec;
  topic?: string;
  timestamp?: number | null;
  key?: BytesSpec;
  value: BytesSpec;
  stages: StageSpec[];
}

export interface CaseOutcome {
  id: string;
  ok?: unknown;
  error?: { class: string; message: string | null };
}
