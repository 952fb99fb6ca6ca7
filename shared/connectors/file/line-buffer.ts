// The file sink's pending lines, kept as UTF-8 bytes from the moment each record is put. Keeping
// strings until the flush and joining them there cost more CPU than converting the records: the
// join copied every line once more, encoding the joined text copied it again, and a second's worth
// of lines lived long enough for V8 to move them to its old generation before they died. Bytes in
// large chunks live outside the JavaScript heap, and each line is encoded once, while still young.
//
// Chunks are reused from one flush to the next: allocating megabytes of fresh external memory per
// second makes V8 collect garbage more often to account for it.
//
// A writer may take the chunks that are already full before the flush (takeFilled) and hand them
// back once written (recycle), so a batch's bytes reach the file while the next records are still
// being converted.
const CHUNK_BYTES = 1 << 20;
/** Chunks kept for reuse after a flush; more are allocated while a batch needs them. */
const KEPT_CHUNKS = 32;
const NEWLINE = 0x0a;

export class LineBuffer {
  /** Chunks in use, in order; the last one is being filled. */
  #chunks: Buffer[] = [];
  /** Bytes written into each chunk in use but the last. */
  #filled: number[] = [];
  #spare: Buffer[] = [];
  #chunk: Buffer | undefined;
  #offset = 0;
  #bytes = 0;

  /** Bytes appended since the last take(). */
  get byteLength(): number {
    return this.#bytes;
  }

  /** Whether a chunk is full, so takeFilled() has something to give. */
  get hasFilled(): boolean {
    return this.#filled.length > 0;
  }

  /** Appends `text` and a newline. */
  appendLine(text: string): void {
    let chunk = this.#chunk;
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8, so the cheap bound usually does.
    if (chunk === undefined || chunk.length - this.#offset < text.length * 3 + 1) {
      const needed = Buffer.byteLength(text, 'utf8') + 1;
      if (chunk === undefined || chunk.length - this.#offset < needed) chunk = this.#nextChunk(needed);
    }
    const written = chunk.write(text, this.#offset, 'utf8');
    chunk[this.#offset + written] = NEWLINE;
    this.#offset += written + 1;
    this.#bytes += written + 1;
  }

  /**
   * The appended bytes, in order. They stay valid until the next appendLine(): the caller writes
   * them out before appending more (the file sink awaits its write in flush).
   */
  take(): Buffer[] {
    const parts = this.takeFilled();
    if (this.#chunk !== undefined && this.#offset > 0) parts.push(this.#chunk.subarray(0, this.#offset));
    // Back to the spares at once: the caller is done with them before the next appendLine().
    this.recycle(parts);
    this.#chunks = [];
    this.#chunk = undefined;
    this.#offset = 0;
    this.#bytes = 0;
    return parts;
  }

  /**
   * The bytes of every chunk that is full, in order, leaving the chunk being filled. Unlike take(),
   * these chunks stay the caller's until it gives them back with recycle(), so they can be written
   * while more lines are appended.
   */
  takeFilled(): Buffer[] {
    const count = this.#filled.length;
    const parts: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      parts.push(this.#chunks[i]!.subarray(0, this.#filled[i]));
      this.#bytes -= this.#filled[i]!;
    }
    this.#chunks.splice(0, count);
    this.#filled = [];
    return parts;
  }

  /** Takes back parts from takeFilled() once they are written, to be filled again. */
  recycle(parts: readonly Buffer[]): void {
    for (const part of parts) {
      // Only whole standard chunks are kept: a line larger than a chunk had one made to its size.
      if (part.buffer.byteLength === CHUNK_BYTES && this.#spare.length < KEPT_CHUNKS)
        this.#spare.push(Buffer.from(part.buffer, 0, CHUNK_BYTES));
    }
  }

  #nextChunk(needed: number): Buffer {
    if (this.#chunk !== undefined) this.#filled.push(this.#offset);
    const chunk =
      needed <= CHUNK_BYTES
        ? (this.#spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES))
        : Buffer.allocUnsafeSlow(needed);
    this.#chunks.push(chunk);
    this.#chunk = chunk;
    this.#offset = 0;
    return chunk;
  }
}
