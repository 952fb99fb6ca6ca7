// Reads lines from a file (or standard input) into records, as Kafka's FileStreamSourceTask does:
// a line ends at \n, \r\n or \r; the value is the line as a STRING, without key; the offset is the
// position right after the line's end. Positions count bytes (Kafka counts UTF-16 characters but
// seeks in bytes, which goes wrong on non-ASCII text; for ASCII both are the same).
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { SourceTask, SourceTaskContext, TaskConfig } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import { Headers } from '../../api/headers.ts';
import type { SourceRecord } from '../../api/record.ts';
import { Schemas } from '../../api/schema.ts';
import { fileSourceConfigDef } from './config.ts';

export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

const LF = 0x0a;
const CR = 0x0d;
const READ_SIZE = 64 * 1024;
/** How long poll waits for new data before answering with nothing (Kafka waits a second). */
const IDLE_WAIT_MS = 250;

export class FileStreamSourceTask implements SourceTask {
  #context: SourceTaskContext | undefined;
  #filename: string | null = null;
  #topic = '';
  #batchSize = 2000;
  #handle: FileHandle | undefined;
  /** Bytes read but not yet split into lines. */
  #buffer: Buffer = Buffer.alloc(0);
  /** The file position of #buffer's first byte; null for standard input (no offsets). */
  #position: number | null = 0;
  #stdin: { chunks: Buffer[]; onData: (chunk: Buffer) => void } | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;

  start(props: TaskConfig, context: SourceTaskContext): void {
    const config = fileSourceConfigDef().parse(props);
    this.#context = context;
    this.#filename = (config.file as string | null) || null;
    this.#topic = config.topic as string;
    this.#batchSize = config['batch.size'] as number;
    if (this.#filename === null) this.#listenToStdin();
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.#filename !== null && this.#handle === undefined && !(await this.#open())) return null;
    const records: SourceRecord[] = [];
    for (;;) {
      this.#takeLines(records);
      if (records.length >= this.#batchSize || this.#stopped) break;
      const read = await this.#read();
      if (read === 0) break;
    }
    if (records.length > 0) return records;
    await this.#idle();
    return null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    if (this.#stdin) process.stdin.off('data', this.#stdin.onData);
    await this.#handle?.close();
    this.#handle = undefined;
  }

  /** Opens the file at the committed position; false when it does not exist yet (waits a moment). */
  async #open(): Promise<boolean> {
    const filename = this.#filename!;
    try {
      this.#handle = await open(filename, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        await this.#idle();
        return false;
      }
      throw new ConnectError(`Error while trying to open file ${filename}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const offset = await this.#context!.offsetStorageReader().offset({ [FILENAME_FIELD]: filename });
    const position = offset?.[POSITION_FIELD];
    if (
      position !== undefined &&
      position !== null &&
      (typeof position !== 'number' || !Number.isSafeInteger(position))
    )
      throw new ConnectError('Offset position is the incorrect type');
    this.#position = typeof position === 'number' ? position : 0;
    this.#buffer = Buffer.alloc(0);
    return true;
  }

  /** Reads what is there after the buffer; the number of bytes read. */
  async #read(): Promise<number> {
    if (this.#stdin) {
      const chunks = this.#stdin.chunks.splice(0);
      if (chunks.length === 0) return 0;
      this.#buffer = Buffer.concat([this.#buffer, ...chunks]);
      return chunks.reduce((n, c) => n + c.length, 0);
    }
    const handle = this.#handle;
    if (!handle) return 0;
    const chunk = Buffer.allocUnsafe(READ_SIZE);
    const { bytesRead } = await handle.read(chunk, 0, READ_SIZE, this.#position! + this.#buffer.length);
    if (bytesRead > 0) this.#buffer = Buffer.concat([this.#buffer, chunk.subarray(0, bytesRead)]);
    return bytesRead;
  }

  /** Moves every complete line out of the buffer into records, up to the batch size. */
  #takeLines(records: SourceRecord[]): void {
    let start = 0;
    const buffer = this.#buffer;
    for (let i = 0; i < buffer.length && records.length < this.#batchSize; i++) {
      const byte = buffer[i];
      if (byte !== LF && byte !== CR) continue;
      // A \r at the end may be the first half of \r\n: wait for the next byte.
      if (byte === CR && i + 1 >= buffer.length) break;
      const end = byte === CR && buffer[i + 1] === LF ? i + 2 : i + 1;
      records.push(this.#record(buffer.toString('utf8', start, i), end));
      start = end;
      i = end - 1;
    }
    if (start === 0) return;
    this.#buffer = buffer.subarray(start);
    if (this.#position !== null) this.#position += start;
  }

  #record(line: string, consumed: number): SourceRecord {
    const position = this.#position === null ? null : this.#position + consumed;
    return {
      sourcePartition: position === null ? null : { [FILENAME_FIELD]: this.#filename },
      sourceOffset: position === null ? null : { [POSITION_FIELD]: position },
      topic: this.#topic,
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: Schemas.STRING,
      value: line,
      timestamp: Date.now(),
      headers: new Headers(),
    };
  }

  /** Standard input has no offsets: lines read before a restart are not read again. */
  #listenToStdin(): void {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      this.#wake?.();
    };
    process.stdin.on('data', onData);
    this.#stdin = { chunks, onData };
    this.#position = null;
  }

  #idle(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, IDLE_WAIT_MS);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
