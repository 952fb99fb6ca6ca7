// JSON.rawJSON (Node 21+; not yet in TypeScript's lib): a value JSON.stringify writes as the given
// text, which is how numbers keep Java's spelling (5.0, 1.0E10) or all the digits of a long.
export const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** A JSON.stringify replacer that writes a bigint with all its digits (a long beyond 2^53). */
export const bigintsExact = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? rawJson(String(value)) : value;
