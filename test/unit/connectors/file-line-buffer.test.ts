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
});
