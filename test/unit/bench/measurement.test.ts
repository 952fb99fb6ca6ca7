import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConsumerPerformance } from '../../../bench/read-path.ts';
import { LineCounter, LineTailer } from '../../../bench/support/line-files.ts';
import { parseStat, statusKilobytes, treeUsage } from '../../../bench/support/proc-stats.ts';
import { percentile } from '../../../bench/support/stats.ts';

describe('/proc parsing', () => {
  it('counts stat fields after the command name, even when it holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    const line = `4242 (node (worker) x) ${fields.join(' ')}`;
    // field 4 = ppid, 14..17 = utime stime cutime cstime
    expect(parseStat(line)).toEqual({ ppid: 4, ownTicks: 14 + 15, reapedChildTicks: 16 + 17 });
  });

  it('reads kB figures from /proc/<pid>/status', () => {
    expect(statusKilobytes('VmPeak:\t 100 kB\nVmHWM:\t  2048 kB\n', 'VmHWM')).toBe(2048 * 1024);
    expect(statusKilobytes('VmPeak:\t 100 kB\n', 'VmHWM')).toBeUndefined();
  });

  it('measures this very process', () => {
    const usage = treeUsage(process.pid);
    expect(usage?.peakRssBytes).toBeGreaterThan(1024 * 1024);
    expect(usage?.cpuSeconds).toBeGreaterThan(0);
  });
});

describe('following a growing file', () => {
  it('counts lines appended between polls, and hands over only complete lines', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-lines-'));
    const file = path.join(dir, 'out.txt');
    try {
      const counter = new LineCounter(file);
      const seen: string[] = [];
      const tailer = new LineTailer(file, (line) => seen.push(line));
      expect(counter.poll()).toBe(0);
      await appendFile(file, 'a\nb\npart');
      expect(counter.poll()).toBe(2);
      tailer.poll();
      expect(seen).toEqual(['a', 'b']);
      await appendFile(file, 'ial\n');
      expect(counter.poll()).toBe(3);
      tailer.poll();
      expect(seen).toEqual(['a', 'b', 'partial']);
      counter.close();
      tailer.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('ConsumerPerformance output', () => {
  it('maps the header onto the values row by name', () => {
    const output = [
      'some warning',
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
      '2026-11-25 11:36:33:100, 2026-11-25 11:36:34:100, 23.8419, 23.8419, 50000, 50000.0000, 300, 700, 34.0599, 71428.5714',
    ].join('\n');
    const values = parseConsumerPerformance(output);
    expect(values['data.consumed.in.nMsg']).toBe(50000);
    expect(values['fetch.nMsg.sec']).toBeCloseTo(71428.5714, 4);
    expect(values['rebalance.time.ms']).toBe(300);
  });

  it('refuses output it does not understand', () => {
    expect(() => parseConsumerPerformance('Exception in thread "main"')).toThrow(/unexpected/);
  });
});
