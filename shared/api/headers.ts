// Connect headers: an ordered list of (key, schema, value); keys may repeat. Records are immutable,
// so SMTs that change headers work on `duplicate()`.
import type { Schema } from './schema.ts';

export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

export class Headers implements Iterable<Header> {
  #items: Header[];

  constructor(items?: readonly Header[]) {
    // Every converted record gets a Headers, and most carry none: no default array to copy.
    this.#items = items === undefined || items.length === 0 ? [] : [...items];
  }

  get size(): number {
    return this.#items.length;
  }

  add(key: string, value: unknown, schema: Schema | null = null): this {
    this.#items.push({ key, schema, value });
    return this;
  }

  addHeader(header: Header): this {
    this.#items.push(header);
    return this;
  }

  lastWithName(key: string): Header | undefined {
    for (let i = this.#items.length - 1; i >= 0; i--) {
      const header = this.#items[i]!;
      if (header.key === key) return header;
    }
    return undefined;
  }

  allWithName(key: string): Header[] {
    return this.#items.filter((h) => h.key === key);
  }

  remove(key: string): this {
    this.#items = this.#items.filter((h) => h.key !== key);
    return this;
  }

  clear(): this {
    this.#items = [];
    return this;
  }

  duplicate(): Headers {
    return new Headers(this.#items);
  }

  toArray(): readonly Header[] {
    return this.#items;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.#items[Symbol.iterator]();
  }
}
