import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../../shared/connectors/file/line-buffer.ts';

const text = (parts: Buffer[]) => Buffer.concat(parts).toString('utf8');

describe('the file sink line buffer', () => {
  it('keeps lines in order as UTF-8, each followed by a newline', () => {
    const lines = new LineBuffer();
    lines.appendLine('{"a":1}');
    lines.appendLine('héllo → 🙂');
    lines.appendLine('');
    expect(lines.byteLength).toBe(Buffer.byteLength('{"a":1}\nhéllo → 🙂\n\n'));
    expect(text(lines.take())).toBe('{"a":1}\nhéllo → 🙂\n\n');
    expect(lines.byteLength).toBe(0);
    expect(lines.take()).toEqual([]);
  });

  it('spreads lines over chunks and gives a line larger than a chunk a chunk of its own', () => {
    const lines = new LineBuffer();
    const expected: string[] = [];
    const big = 'é'.repeat(700_000); // 1.4 MB in UTF-8: more than one chunk
    for (let i = 0; i < 5000; i++) {
      const line = i === 2500 ? big : `${i}:${'x'.repeat(i % 700)}ü`;
      lines.appendLine(line);
      expected.push(line);
    }
    const parts = lines.take();
    expect(parts.length).toBeGreaterThan(2);
    expect(text(parts)).toBe(`${expected.join('\n')}\n`);
  });

  it('reuses its chunk after take(), so the next lines start from the beginning', () => {
    const lines = new LineBuffer();
    lines.appendLine('first');
    expect(text(lines.take())).toBe('first\n');
    lines.appendLine('second');
    expect(text(lines.take())).toBe('second\n');
  });

  it('gives the full chunks ahead of the flush and keeps the one being filled', () => {
    const lines = new LineBuffer();
    const all: string[] = [];
    expect(lines.hasFilled).toBe(false);
    for (let i = 0; lines.byteLength < 2.5 * (1 << 20); i++) {
      const line = `${i}:${'y'.repeat(1000)}`;
      lines.appendLine(line);
      all.push(line);
    }
    expect(lines.hasFilled).toBe(true);
    const ahead = lines.takeFilled();
    expect(ahead.length).toBe(2);
    expect(lines.hasFilled).toBe(false);
    const aheadBytes = ahead.reduce((sum, part) => sum + part.length, 0);
    const rest = lines.take();
    expect(lines.byteLength).toBe(0);
    expect(text([...ahead, ...rest])).toBe(`${all.join('\n')}\n`);
    expect(aheadBytes + rest.reduce((sum, part) => sum + part.length, 0)).toBe(
      Buffer.byteLength(`${all.join('\n')}\n`),
    );
    // Recycled chunks are filled again from their start.
    lines.recycle(ahead);
    lines.appendLine('again');
    expect(text(lines.take())).toBe('again\n');
  });
});
