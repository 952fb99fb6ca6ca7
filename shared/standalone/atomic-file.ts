// Replaces a file so that a crash at any moment leaves either the old content or the new one,
// never a torn file: write a temporary file, fsync it, rename it over the target, fsync the folder
// (the rename itself must reach the disk too).
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomically(filePath: string, text: string): Promise<void> {
  const folder = path.dirname(filePath);
  await mkdir(folder, { recursive: true });
  const temporary = `${filePath}.tmp-${process.pid}`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, filePath);
  const dir = await open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
