import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OffsetsFile } from '../../../shared/standalone/offsets-file.ts';

describe('OffsetsFile', () => {
  it('keeps each connector and task apart, and survives a reopen', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-offsets-'));
    const file = path.join(dir, 'nested', 'offsets.json');
    const store = new OffsetsFile(file);
    expect(existsSync(file)).toBe(false);
    const persistence = store.leasePersistence();
    await persistence.save('a', new Map([['t:0', 5]]), { task: 0, value: { length: 10 } });
    await persistence.save('a', new Map([['t:1', 7]]), undefined);
    await persistence.save('b', new Map([['u:0', 1]]), undefined);

    const reopened = new OffsetsFile(file);
    const a = await reopened.leasePersistence().load('a');
    expect(Object.fromEntries(a.offsets)).toEqual({ 't:0': 5, 't:1': 7 });
    expect(a.checkpoints.get(0)).toEqual({ length: 10 });
    expect(a.checkpoints.get(1)).toBeUndefined();
    expect(Object.fromEntries(await reopened.offsets('b'))).toEqual({ 'u:0': 1 });
    // Only the file itself is left behind: temporary files are renamed into place.
    expect(readdirSync(path.dirname(file))).toEqual(['offsets.json']);
  });

  it('refuses a file it cannot read instead of starting from scratch', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'sc-offsets-')), 'offsets.json');
    await writeFile(file, '{ not json');
    await expect(new OffsetsFile(file).leasePersistence().load('a')).rejects.toThrow('is not readable');
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
