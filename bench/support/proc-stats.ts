// CPU time and peak memory of a process tree, read from Linux's /proc. Both runtimes under test
// (a JVM and Node) are measured the same way, from outside, so neither reports on itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (almost always 100). */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
    ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

export interface StatFields {
  readonly ppid: number;
  /** utime + stime of the process itself, in clock ticks. */
  readonly ownTicks: number;
  /** cutime + cstime: children that already exited and were waited for. */
  readonly reapedChildTicks: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseStat(line: string): StatFields {
  const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  return {
    ppid: field(4),
    ownTicks: field(14) + field(15),
    reapedChildTicks: field(16) + field(17),
  };
}

/** A kB figure such as VmHWM from /proc/<pid>/status, in bytes; undefined when absent. */
export function statusKilobytes(status: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

function readStat(pid: number): StatFields | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // exited between listing and reading
  }
}

/** The pid and every live descendant of it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface TreeUsage {
  /** User + system CPU seconds of the tree, including its children that already exited. */
  readonly cpuSeconds: number;
  /** Sum of each live process's peak resident set (VmHWM). */
  readonly peakRssBytes: number;
}

export function treeUsage(root: number): TreeUsage | undefined {
  if (!existsSync(`/proc/${root}/stat`)) return undefined;
  let ticks = 0;
  let peak = 0;
  for (const pid of processTree(root)) {
    const stat = readStat(pid);
    if (!stat) continue;
    ticks += stat.ownTicks + stat.reapedChildTicks;
    try {
      peak += statusKilobytes(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM') ?? 0;
    } catch {
      // exited meanwhile: its CPU time lands in its parent's cutime once reaped
    }
  }
  return { cpuSeconds: ticks / clockTicksPerSecond(), peakRssBytes: peak };
}

/**
 * Samples a tree's usage in the background so the last figures survive the process's exit.
 * CPU time only grows and VmHWM is already a peak, so the latest sample is the one that counts.
 */
export class UsageSampler {
  readonly #root: number;
  readonly #timer: NodeJS.Timeout;
  #latest: TreeUsage = { cpuSeconds: 0, peakRssBytes: 0 };

  constructor(root: number, intervalMs = 250) {
    this.#root = root;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): TreeUsage {
    const usage = treeUsage(this.#root);
    if (usage) {
      this.#latest = {
        cpuSeconds: Math.max(this.#latest.cpuSeconds, usage.cpuSeconds),
        peakRssBytes: Math.max(this.#latest.peakRssBytes, usage.peakRssBytes),
      };
    }
    return this.#latest;
  }

  stop(): TreeUsage {
    clearInterval(this.#timer);
    return this.sample();
  }
}

/**
 * CPU seconds the hypervisor gave to other guests while this machine's virtual CPUs wanted to run,
 * summed over all CPUs since boot: the "steal" column of /proc/stat. On a shared virtual machine a
 * drain can lose a tenth of its wall-clock time this way, on one side of a comparison and not the
 * other, so the report prints it per run. Null where /proc/stat is absent.
 */
export function stolenCpuSeconds(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const steal = /^cpu\s+(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/)[7];
  return steal === undefined ? null : Number(steal) / clockTicksPerSecond();
}
