// Follows a file that another process appends lines to: counts them cheaply (throughput), or
// hands over each complete line the moment it is read (latency).
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

/** Counts newline bytes in a growing file, reading only what was appended since the last call. */
export class LineCounter {
  readonly #path: string;
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #fd: number | undefined;
  #position = 0;
  #lines = 0;

  constructor(path: string) {
    this.#path = path;
  }

  get lines(): number {
    return this.#lines;
  }

  get bytes(): number {
    return this.#position;
  }

  /** Reads what was appended; returns the total number of complete lines so far. */
  poll(): number {
    if (this.#fd === undefined) {
      if (!existsSync(this.#path)) return 0;
      this.#fd = openSync(this.#path, 'r');
    }
    for (;;) {
      const read = readSync(this.#fd, this.#buffer, 0, CHUNK, this.#position);
      if (read === 0) return this.#lines;
      this.#position += read;
      this.#lines += countNewlines(this.#buffer, read);
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

export function countNewlines(buffer: Buffer, length: number): number {
  let count = 0;
  let index = buffer.indexOf(NEWLINE, 0);
  while (index !== -1 && index < length) {
    count++;
    index = buffer.indexOf(NEWLINE, index + 1);
  }
  return count;
}

/** Reads appended bytes and emits complete lines; a partial last line waits for its newline. */
export class LineTailer {
  readonly #path: string;
  readonly #onLine: (line: string) => void;
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #fd: number | undefined;
  #position = 0;
  #partial = '';

  constructor(path: string, onLine: (line: string) => void) {
    this.#path = path;
    this.#onLine = onLine;
  }

  poll(): void {
    if (this.#fd === undefined) {
      if (!existsSync(this.#path)) return;
      this.#fd = openSync(this.#path, 'r');
    }
    for (;;) {
      const read = readSync(this.#fd, this.#buffer, 0, CHUNK, this.#position);
      if (read === 0) return;
      this.#position += read;
      const text = this.#partial + this.#buffer.toString('utf8', 0, read);
      const lines = text.split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) this.#onLine(line);
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
