// Decides whether our outcome and Kafka's are the same. Outcomes are compared as JSON after
// canonicalisation: numbers by value (Java prints 1.0E7 where we print 10000000, and a FLOAT32 is
// compared at float precision), map entries in a fixed order, and byte outputs that are JSON
// text compared as JSON (so number spelling does not count, but every value and key does).
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

function canonicalNumber(text: string): string {
  if (!/[.eE]/.test(text)) return BigInt(text).toString();
  const n = Number(text);
  if (Number.isInteger(n)) return BigInt(n).toString();
  return `f:${Math.fround(n)}`;
}

/** A canonical JSON text of a parsed outcome (numbers by value, map entries sorted). */
export function canonical(value: unknown): string {
  if (value instanceof Num) return canonicalNumber(value.text);
  if (typeof value === 'number') return canonicalNumber(String(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === 'map' && Array.isArray(object.map)) {
    const entries = (object.map as unknown[][]).map((pair) => `[${pair.map(canonical).join(',')}]`).sort();
    return `{"map":[${entries.join(',')}]}`;
  }
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
}

function bytesAsJson(outcome: unknown): string | undefined {
  const text = (outcome as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return undefined;
  try {
    return canonical(parsePrecise(text));
  } catch {
    return undefined;
  }
}

export interface Verdict {
  same: boolean;
  detail: string;
}

export function compareOutcomes(testCase: ConformanceCase, ours: CaseOutcome, kafka: CaseOutcome): Verdict {
  const describe = () => `ours:  ${JSON.stringify(ours)}\nkafka: ${JSON.stringify(kafka)}`;
  if (ours.error || kafka.error) {
    if (!ours.error || !kafka.error) return { same: false, detail: describe() };
    const sameClass = ours.error.class === kafka.error.class;
    const sameMessage = testCase.compare === 'errorClass' || ours.error.message === kafka.error.message;
    return { same: sameClass && sameMessage, detail: describe() };
  }
  const a = canonical(ours.ok);
  const b = canonical(kafka.ok);
  if (a === b) return { same: true, detail: '' };
  const jsonA = bytesAsJson(ours.ok);
  const jsonB = bytesAsJson(kafka.ok);
  if (jsonA !== undefined && jsonA === jsonB) return { same: true, detail: '' };
  return { same: false, detail: describe() };
}
