// A JSON file holding one store's snapshot, replaced atomically (write a temporary file, fsync,
// rename, fsync the folder), so a crash leaves the previous snapshot or the new one, never a torn file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConnectError } from '../api/errors.ts';
import type { SnapshotPersistence } from '../runtime/stores/snapshot-persistence.ts';
import { writeFileAtomically } from './atomic-file.ts';

export class JsonSnapshotFile<T> implements SnapshotPersistence<T> {
  readonly path: string;
  /** Saves are written one after another, in the order they were asked for. */
  #queue: Promise<void> = Promise.resolve();

  constructor(filePath: string) {
    this.path = path.resolve(filePath);
  }

  async load(): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ConnectError(
        `State file ${this.path} is not valid JSON (${(error as Error).message}); move it away to start over`,
      );
    }
  }

  save(snapshot: T): Promise<void> {
    const text = JSON.stringify(snapshot, null, 2);
    const write = this.#queue.then(() => this.#write(text));
    this.#queue = write.catch(() => {});
    return write;
  }

  async #write(text: string): Promise<void> {
    await writeFileAtomically(this.path, text);
  }
}
