// The fast path for `{"schema":S,"payload":P}` envelopes: producers usually send the same schema
// text with every record, so we remember the raw bytes of recently seen schemas and, when a
// record starts with one of them, skip parsing the schema entirely and parse only the payload.
// A complete JSON object cannot be a proper prefix of another JSON value, so a byte match of
// S followed by `,"payload":` identifies the schema exactly. Anything unusual (whitespace,
// other key order, a new schema) takes the general path, which then teaches this cache.
import type { Schema } from '../../api/schema.ts';

const PREFIX = Buffer.from('{"schema":');
const MIDDLE = Buffer.from(',"payload":');
const CLOSE_BRACE = 0x7d;
const MAX_ENTRIES = 8;

interface Entry {
  readonly schemaBytes: Buffer;
  readonly schema: Schema | null;
}

export interface RawMatch {
  readonly schema: Schema | null;
  readonly payloadText: string;
}

export class RecentRawSchemas {
  #entries: Entry[] = [];

  match(bytes: Buffer): RawMatch | undefined {
    const entries = this.#entries;
    if (entries.length === 0 || bytes.length < 24 || bytes[bytes.length - 1] !== CLOSE_BRACE)
      return undefined;
    if (bytes.compare(PREFIX, 0, 10, 0, 10) !== 0) return undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const length = entry.schemaBytes.length;
      const payloadStart = 10 + length + 11;
      if (bytes.length <= payloadStart + 1) continue;
      if (bytes.compare(entry.schemaBytes, 0, length, 10, 10 + length) !== 0) continue;
      if (bytes.compare(MIDDLE, 0, 11, 10 + length, payloadStart) !== 0) continue;
      if (i > 0) {
        // Move to the front: the next record most likely has the same schema.
        entries.splice(i, 1);
        entries.unshift(entry);
      }
      return { schema: entry.schema, payloadText: bytes.toString('utf8', payloadStart, bytes.length - 1) };
    }
    return undefined;
  }

  /** Remembers the schema text of `bytes` (already known to be a valid envelope for `schema`). */
  learn(bytes: Buffer, schema: Schema | null): void {
    if (bytes.length < 24 || bytes.compare(PREFIX, 0, 10, 0, 10) !== 0) return;
    const end = jsonValueEnd(bytes, 10);
    if (end < 0 || bytes.compare(MIDDLE, 0, 11, end, end + 11) !== 0) return;
    const schemaBytes = Buffer.from(bytes.subarray(10, end));
    this.#entries = [{ schemaBytes, schema }, ...this.#entries.slice(0, MAX_ENTRIES - 1)];
  }
}

/** The index just after the JSON object or literal starting at `start`, or -1. */
function jsonValueEnd(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first !== 0x7b) {
    // Only `null` besides objects makes a valid schema here.
    return bytes.toString('latin1', start, start + 4) === 'null' ? start + 4 : -1;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
