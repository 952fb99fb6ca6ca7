// Decides whether our outcome and Kafka's are the same. The comparison is strict on purpose, so
// that it sees what a user would see:
// - a number written as an integer literal differs from one written as a float literal (Kafka
//   keeps Long and Double apart, and `5` reads back as INT64 where `5.0` reads back as FLOAT64);
// - floats compare by exact value; only a value tagged `float32` (Kafka held a Float) compares at
//   float precision, since Java prints it with Float.toString;
// - struct fields compare in order; map entries in any order (Kafka's maps are HashMaps);
// - byte outputs compare as text; only where the text differs and both are JSON, they are
//   compared as JSON whose objects may differ in key order, except objects that a STRUCT schema
//   wrote (the schema is the envelope's own or the case's input schema). Numbers there must be
//   spelled exactly alike.
import type { CaseOutcome, ConformanceCase } from './case.ts';

class Num {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const keepNumbers = (_key: string, value: unknown, context?: { source?: string }): unknown =>
  typeof value === 'number' && context?.source !== undefined ? new Num(context.source) : value;

/** JSON.parse keeping every number's text, so `5` and `5.0` stay apart. */
export function parsePrecise(text: string): unknown {
  return JSON.parse(text, keepNumbers as (key: string, value: unknown) => unknown);
}

const isFloatText = (text: string) => /[.eE]/.test(text);

function numbersEqual(a: string, b: string): boolean {
  if (isFloatText(a) !== isFloatText(b)) return false;
  if (!isFloatText(a)) return BigInt(a) === BigInt(b);
  return Object.is(Number(a), Number(b));
}

/** A Float's value at float precision: Java printed it with Float.toString. */
function float32Equal(a: unknown, b: unknown): boolean {
  if (a instanceof Num && b instanceof Num)
    return (
      isFloatText(a.text) &&
      isFloatText(b.text) &&
      Object.is(Math.fround(Number(a.text)), Math.fround(Number(b.text)))
    );
  return typeof a === 'string' && a === b; // NaN, Infinity, -Infinity
}

/** A stable text of a value, used only to order map entries before comparing them. */
function sortKey(value: unknown): string {
  if (value instanceof Num) return `n:${value.text}`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortKey).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${sortKey(object[k])}`)
    .join(',')}}`;
}

function tagOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Num || Array.isArray(value))
    return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

function sameKeysInOrder(x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  const a = Object.keys(x);
  const b = Object.keys(y);
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Equality of two outcome values (the neutral form both harnesses print). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof Num || b instanceof Num) {
    return a instanceof Num && b instanceof Num && numbersEqual(a.text, b.text);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const tag = tagOf(x);
  if (tag !== undefined && tag === tagOf(y)) {
    if (tag === 'float32') return float32Equal(x.float32, y.float32);
    if (tag === 'map' && Array.isArray(x.map) && Array.isArray(y.map)) {
      const order = (entries: unknown[]) =>
        [...(entries as unknown[][])].sort((p, q) => (sortKey(p[0]) < sortKey(q[0]) ? -1 : 1));
      return deepEqual(order(x.map), order(y.map));
    }
    if (tag === 'struct') {
      const fx = x.struct as Record<string, unknown>;
      const fy = y.struct as Record<string, unknown>;
      return sameKeysInOrder(fx, fy) && Object.keys(fx).every((k) => deepEqual(fx[k], fy[k]));
    }
  }
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k]));
}

// ---- JSON text written by a converter ----------------------------------------------------------

interface JsonSchemaNode {
  type?: string;
  fields?: (JsonSchemaNode & { field?: string })[];
  items?: JsonSchemaNode;
  values?: JsonSchemaNode;
  keys?: JsonSchemaNode;
}

function fieldSchema(schema: JsonSchemaNode | null, name: string): JsonSchemaNode | null {
  return schema?.fields?.find((f) => f.field === name) ?? null;
}

/**
 * Equality of two JSON documents a converter wrote: numbers spelled alike, objects in any key
 * order except where `schema` (JsonConverter's schema JSON) says the object is a struct.
 */
export function jsonEqual(a: unknown, b: unknown, schema: JsonSchemaNode | null): boolean {
  if (a instanceof Num || b instanceof Num) return a instanceof Num && b instanceof Num && a.text === b.text;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    if (schema?.type === 'map') {
      // A map with non-string keys: [key, value] pairs, in the map's (unordered) iteration order.
      const order = (pairs: unknown[]) => [...pairs].sort((p, q) => (sortKey(p) < sortKey(q) ? -1 : 1));
      const x = order(a);
      const y = order(b);
      return x.every((pair, i) =>
        Array.isArray(pair) && Array.isArray(y[i]) && pair.length === 2
          ? jsonEqual(pair[0], (y[i] as unknown[])[0], schema.keys ?? null) &&
            jsonEqual(pair[1], (y[i] as unknown[])[1], schema.values ?? null)
          : jsonEqual(pair, y[i], null),
      );
    }
    const item = schema?.type === 'array' ? (schema.items ?? null) : null;
    return a.every((v, i) => jsonEqual(v, b[i], item));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (schema?.type === 'struct') {
    return (
      sameKeysInOrder(x, y) && Object.keys(x).every((k) => jsonEqual(x[k], y[k], fieldSchema(schema, k)))
    );
  }
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  const inner = schema?.type === 'map' ? (schema.values ?? null) : null;
  return keys.every((k) => Object.hasOwn(y, k) && jsonEqual(x[k], y[k], inner));
}

function parsedOrUndefined(text: string): unknown {
  try {
    return parsePrecise(text);
  } catch {
    return undefined;
  }
}

const isEnvelope = (value: unknown): value is { schema: unknown; payload: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).join(',') === 'schema,payload';

/** Converter output text compared as JSON, directed by the schema that wrote it. */
function bytesEqualAsJson(inputSchema: unknown, ours: string, kafka: string): boolean {
  const a = parsedOrUndefined(ours);
  const b = parsedOrUndefined(kafka);
  if (a === undefined || b === undefined) return false;
  if (isEnvelope(a) && isEnvelope(b)) {
    // The schema part is written in a fixed key order on both sides: compared exactly.
    if (JSON.stringify(a.schema) !== JSON.stringify(b.schema)) return false;
    return jsonEqual(a.payload, b.payload, plainSchema(b.schema));
  }
  return jsonEqual(a, b, plainSchema(inputSchema));
}

/** Two converter outputs ({bytes, text} or {bytes: null}): the same text, or the same JSON. */
function bytesSame(inputSchema: unknown, a: unknown, b: unknown): boolean {
  const textA = textOf(a);
  const textB = textOf(b);
  if (textA === undefined || textB === undefined) return deepEqual(a, b);
  return textA === textB || bytesEqualAsJson(inputSchema, textA, textB);
}

interface PipelineOutcome {
  dropped?: boolean;
  topic?: string;
  timestamp?: unknown;
  key?: unknown;
  value?: unknown;
  headers?: { key: string; bytes?: unknown; data?: unknown }[];
}

/** A pipeline's record: topic and timestamp alike, key, value and header bytes as converter output. */
function pipelinesSame(ours: PipelineOutcome, kafka: PipelineOutcome): boolean {
  if (ours.dropped || kafka.dropped) return ours.dropped === kafka.dropped;
  const headersA = ours.headers ?? [];
  const headersB = kafka.headers ?? [];
  return (
    ours.topic === kafka.topic &&
    deepEqual(ours.timestamp, kafka.timestamp) &&
    bytesSame(null, ours.key, kafka.key) &&
    bytesSame(null, ours.value, kafka.value) &&
    headersA.length === headersB.length &&
    headersA.every((h, i) => {
      const k = headersB[i]!;
      return (
        h.key === k.key &&
        ('bytes' in h ? bytesSame(null, h.bytes, k.bytes) : deepEqual(h.data, k.data)) &&
        'bytes' in h === 'bytes' in k
      );
    })
  );
}

function plainSchema(schema: unknown): JsonSchemaNode | null {
  return typeof schema === 'object' && schema !== null ? (schema as JsonSchemaNode) : null;
}

export interface Verdict {
  same: boolean;
  detail: string;
}

function textOf(outcome: unknown): string | undefined {
  const text = (outcome as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : undefined;
}

export function compareOutcomes(testCase: ConformanceCase, ours: CaseOutcome, kafka: CaseOutcome): Verdict {
  const detail = `ours:  ${JSON.stringify(ours)}\nkafka: ${JSON.stringify(kafka)}`;
  if (ours.error || kafka.error) {
    if (!ours.error || !kafka.error) return { same: false, detail };
    const sameClass = ours.error.class === kafka.error.class;
    const sameMessage = testCase.compare === 'errorClass' || ours.error.message === kafka.error.message;
    return { same: sameClass && sameMessage, detail };
  }
  let same: boolean;
  if (testCase.kind === 'pipeline') {
    same = pipelinesSame(ours.ok as PipelineOutcome, kafka.ok as PipelineOutcome);
  } else if (textOf(ours.ok) !== undefined && textOf(kafka.ok) !== undefined) {
    const inputSchema = 'data' in testCase ? (testCase.data?.schema ?? null) : null;
    same = bytesSame(inputSchema, ours.ok, kafka.ok);
  } else {
    same = deepEqual(ours.ok, kafka.ok);
  }
  return { same, detail: same ? '' : detail };
}
