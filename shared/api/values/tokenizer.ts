// The tokenizer behind Kafka's Values.parseString: splits on the delimiters : , { } [ ] " unless
// escaped by a backslash, keeps everything else (whitespace included) as text tokens, and can be
// rewound, because the parser tries one reading and falls back to another.
const DELIMITERS = new Set([':', ',', '{', '}', '[', ']', '"']);

export class ValuesTokenizer {
  readonly original: string;
  #index = 0;
  #nextToken: string | null = null;
  #previousToken: string | null = null;

  constructor(original: string) {
    this.original = original;
  }

  position(): number {
    return this.#index;
  }

  mark(): number {
    return this.#index - (this.#nextToken !== null ? this.#nextToken.length : 0);
  }

  rewindTo(position: number): void {
    this.#index = position;
    this.#nextToken = null;
    this.#previousToken = null;
  }

  hasNext(): boolean {
    return this.#nextToken !== null || this.#index < this.original.length;
  }

  next(): string {
    if (this.#nextToken !== null) {
      this.#previousToken = this.#nextToken;
      this.#nextToken = null;
    } else {
      this.#previousToken = this.#consume();
    }
    return this.#previousToken;
  }

  /** The text of the next `n` tokens, or null (and no move) when there are fewer. */
  nextN(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.substring(start, this.position());
  }

  previous(): string | null {
    return this.#previousToken;
  }

  /** Consumes the next token when, ignoring surrounding whitespace, it equals `expected`. */
  canConsume(expected: string): boolean {
    if (this.#nextToken === null) {
      if (!this.hasNext()) return false;
      this.#nextToken = this.#consume();
    }
    while (isBlank(this.#nextToken) && this.#index < this.original.length) this.#nextToken = this.#consume();
    if (javaTrim(this.#nextToken) === expected) {
      this.#nextToken = null;
      return true;
    }
    return false;
  }

  #consume(): string {
    let escaped = false;
    const start = this.#index;
    const text = this.original;
    while (this.#index < text.length) {
      const c = text[this.#index]!;
      if (c === '\\') {
        escaped = !escaped;
      } else if (DELIMITERS.has(c)) {
        if (!escaped) {
          if (start < this.#index) return text.substring(start, this.#index);
          this.#index++;
          return text.substring(start, start + 1);
        }
        escaped = false;
      } else {
        escaped = false;
      }
      this.#index++;
    }
    return text.substring(start, this.#index);
  }
}

/** Kafka's Utils.isBlank: empty or only whitespace (Java's trim() rules: chars <= U+0020). */
export function isBlank(text: string | null): boolean {
  return text === null || javaTrim(text).length === 0;
}

/** Java's String.trim: strips characters up to U+0020 at both ends. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.substring(start, end);
}
