// CPU time the hypervisor gave to other guests while this machine's virtual CPUs wanted to run:
// the "steal" column of /proc/stat. On a shared virtual machine a drain can lose a tenth of its
// wall-clock time this way, on one side of a comparison and not the other; the report prints it
// per run so such a run can be told apart from a real difference. Null where /proc/stat is absent.
import { readFileSync } from 'node:fs';

/** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Seconds stolen so far, summed over all CPUs, since boot. */
export function stolenCpuSeconds(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = /^cpu\s+(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  const steal = fields?.[7];
  return steal === undefined ? null : Number(steal) / TICKS_PER_SECOND;
}

/** Stolen seconds between two readings (null when either is unknown). */
export function stolenBetween(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : end - start;
}

/** "whole · second half" stolen seconds of a drain, for the report ("n/a" off Linux). */
export function stolenText(drain: {
  readonly stolenSeconds: number | null;
  readonly secondHalf: { readonly stolenSeconds: number | null };
}): string {
  const text = (seconds: number | null) => (seconds === null ? 'n/a' : seconds.toFixed(1));
  return `${text(drain.stolenSeconds)} · ${text(drain.secondHalf.stolenSeconds)}`;
}
