// Appends each record's value as a line. Unlike Kafka's FileStreamSinkTask (at-least-once), the
// file holds every record exactly once across crashes: the file's length is checkpointed with the
// offsets, and a restart cuts off whatever was written after the last commit before continuing.
// The checkpoint names the file by a digest of its path: the path may come from a config provider
// (a secret), and the checkpoint is stored in the state table.
//
// Like Kafka's task, which prints each record as it is put, lines reach the file before the flush:
// each full megabyte of lines is written in the background while the next records are converted
// (the copy into the page cache runs on libuv's thread pool, not on the task's thread), and the
// flush writes the rest, waits for every write and syncs. Bytes written ahead of a commit that never
// happens are cut off by restore(), as any written after the last checkpoint are.
import { createHash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { JsonValue, SinkTask, SinkTaskContext, TaskConfig } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { SinkRecord } from '../../api/record.ts';
import { fileSinkConfigDef } from './config.ts';
import { displayValue } from './display.ts';
import { LineBuffer } from './line-buffer.ts';

interface FileCheckpoint {
  fileSha256: string;
  length: number;
}

function isFileCheckpoint(value: JsonValue | undefined): value is { fileSha256: string; length: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value.fileSha256 === 'string' &&
    typeof value.length === 'number'
  );
}

/** Appends every byte of `parts` (writev may stop short: a full disk, a signal). */
async function writeAll(handle: FileHandle, parts: Buffer[], total: number): Promise<void> {
  const { bytesWritten } = await handle.writev(parts);
  if (bytesWritten === total) return;
  let rest = Buffer.concat(parts, total).subarray(bytesWritten);
  while (rest.length > 0) {
    const { bytesWritten: written } = await handle.write(rest, 0, rest.length, null);
    rest = rest.subarray(written);
  }
}

const FENCED = 'the task no longer holds its partitions';

const digest = (path: string) => createHash('sha256').update(path).digest('hex');

export class FileStreamSinkTask implements SinkTask {
  #path: string | null = null;
  /** The checkpoint's name for the file, worked out once rather than at every commit. */
  #pathSha256 = '';
  #handle: FileHandle | undefined;
  /** Bytes in the file once everything put so far is written. */
  #length = 0;
  readonly #pending = new LineBuffer();
  /** The writes started by put(), chained so they reach the file in order. */
  #writing: Promise<void> = Promise.resolve();
  /** The first failed write: later writes are skipped (they would leave a gap) and flush throws it. */
  #writeError: Error | undefined;
  /**
   * Set when a write found the partitions no longer this task's: nothing more reaches the file.
   * put() then drops its records without failing, because the runner ends such an invocation as
   * lost at its next lease check; a failed task would be reported, and it is not failed.
   */
  #fenced = false;

  #context: SinkTaskContext | undefined;

  async start(props: TaskConfig, context?: SinkTaskContext): Promise<void> {
    this.#context = context;
    const parsed = fileSinkConfigDef().parse(props);
    this.#path = (parsed.file as string | null) || null;
    if (this.#path === null) return;
    this.#pathSha256 = digest(this.#path);
    try {
      this.#handle = await open(this.#path, 'a+');
    } catch (error) {
      throw new ConnectError(
        `Couldn't find or create file '${this.#path}' for FileStreamSinkTask: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    this.#length = (await this.#handle.stat()).size;
  }

  async restore(checkpoint: JsonValue | undefined): Promise<void> {
    if (this.#handle === undefined || !isFileCheckpoint(checkpoint)) return;
    if (checkpoint.fileSha256 !== this.#pathSha256) return;
    const size = (await stat(this.#path!)).size;
    // Lines after the committed length belong to records whose offsets were not committed: they
    // will be delivered again, so drop them now. A shorter file was rotated by someone: keep it.
    if (size > checkpoint.length) {
      await this.#handle.truncate(checkpoint.length);
      await this.#handle.sync();
      this.#length = checkpoint.length;
    }
  }

  put(records: readonly SinkRecord[]): void {
    if (this.#writeError !== undefined) throw this.#failed();
    if (this.#fenced) return;
    for (let i = 0; i < records.length; i++) this.#pending.appendLine(displayValue(records[i]!.value));
    if (this.#handle !== undefined && this.#pending.hasFilled) {
      const parts = this.#pending.takeFilled();
      this.#write(this.#handle, parts, () => this.#pending.recycle(parts));
    }
  }

  async flush(): Promise<void> {
    const bytes = this.#pending.byteLength;
    if (bytes === 0 && this.#handle === undefined) return;
    const parts = this.#pending.take();
    if (this.#handle === undefined) {
      // stdout may still hold the bytes after write() returns, and the pending chunk is reused.
      process.stdout.write(Buffer.concat(parts, bytes));
      return;
    }
    // The parts of take() are reused by the next put(), which comes after this flush has returned.
    if (bytes > 0) this.#write(this.#handle, parts, () => {});
    await this.#writing;
    if (this.#writeError !== undefined) throw this.#failed();
    if (this.#fenced) throw new ConnectError(`${FENCED}: not flushing '${this.#path}'`);
    // Durable before the runtime commits the offsets that follow these lines.
    await this.#handle.datasync();
  }

  /** Appends `parts` after every write started before, counting their bytes once written. */
  #write(handle: FileHandle, parts: Buffer[], written: () => void): void {
    let bytes = 0;
    for (const part of parts) bytes += part.length;
    this.#writing = this.#writing.then(async () => {
      if (this.#writeError !== undefined || this.#fenced) return;
      if (this.#context?.stillOwned?.() === false) {
        // Woken past the leases' expiry: the next owner writes these records; the runtime ends
        // this invocation at its next lease check, before any flush or commit.
        this.#fenced = true;
        return;
      }
      try {
        await writeAll(handle, parts, bytes);
        this.#length += bytes;
        written();
      } catch (error) {
        this.#writeError = error as Error;
      }
    });
  }

  #failed(): ConnectError {
    return new ConnectError(`Couldn't write to file '${this.#path}': ${this.#writeError!.message}`, {
      cause: this.#writeError,
    });
  }

  checkpoint(): JsonValue {
    return this.#path === null
      ? null
      : ({ fileSha256: this.#pathSha256, length: this.#length } satisfies FileCheckpoint);
  }

  async stop(): Promise<void> {
    // Writes still running hold the handle; what they wrote is cut off at the next restore.
    await this.#writing;
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
