// Decides whether our outcome and Kafka's are the same. Outcomes are compared as parsed JSON:
// numbers by value (Java prints 1.0E7 where we print 10000000; a float is compared at float
// precision, since Java prints a FLOAT32 with Float.toString), map entries in any order, and byte
// outputs that are JSON text compared as JSON (so number spelling does not count, every value does).
import type { CaseOutcome, ConformanceCase } from './case.ts';

class Num {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const keepNumbers = (_key: string, value: unknown, context?: { source?: string }): unknown =>
  typeof value === 'number' && context?.source !== undefined ? new Num(context.source) : value;

export function parsePrecise(text: string): unknown {
  return JSON.parse(text, keepNumbers as (key: string, value: unknown) => unknown);
}

const isFloatText = (text: string) => /[.eE]/.test(text);

function exactKey(text: string): string {
  if (!isFloatText(text)) return BigInt(text).toString();
  const n = Number(text);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

function numbersEqual(a: string, b: string): boolean {
  if (exactKey(a) === exactKey(b)) return true;
  if (!isFloatText(a) && !isFloatText(b)) return false;
  const x = Number(a);
  const y = Number(b);
  return x === y || Math.fround(x) === Math.fround(y);
}

/** A stable text of a value, used only to order map entries before comparing them. */
function sortKey(value: unknown): string {
  if (value instanceof Num) return `n:${exactKey(value.text)}`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortKey).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${sortKey(object[k])}`)
    .join(',')}}`;
}

function isMapTag(value: unknown): value is { map: unknown[][] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Num) &&
    Object.keys(value).length === 1 &&
    Array.isArray((value as { map?: unknown }).map)
  );
}

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
  if (isMapTag(a) && isMapTag(b)) {
    const order = (entries: unknown[][]) =>
      [...entries].sort((x, y) => (sortKey(x[0]) < sortKey(y[0]) ? -1 : 1));
    return deepEqual(order(a.map), order(b.map));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k]));
}

function bytesAsJson(outcome: unknown): unknown {
  const text = (outcome as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return undefined;
  try {
    return parsePrecise(text);
  } catch {
    return undefined;
  }
}

export interface Verdict {
  same: boolean;
  detail: string;
}

export function compareOutcomes(testCase: ConformanceCase, ours: CaseOutcome, kafka: CaseOutcome): Verdict {
  const detail = `ours:  ${JSON.stringify(ours)}\nkafka: ${JSON.stringify(kafka)}`;
  if (ours.error || kafka.error) {
    if (!ours.error || !kafka.error) return { same: false, detail };
    const sameClass = ours.error.class === kafka.error.class;
    const sameMessage = testCase.compare === 'errorClass' || ours.error.message === kafka.error.message;
    return { same: sameClass && sameMessage, detail };
  }
  if (deepEqual(ours.ok, kafka.ok)) return { same: true, detail: '' };
  const jsonA = bytesAsJson(ours.ok);
  const jsonB = bytesAsJson(kafka.ok);
  if (jsonA !== undefined && jsonB !== undefined && deepEqual(jsonA, jsonB))
    return { same: true, detail: '' };
  return { same: false, detail };
}
