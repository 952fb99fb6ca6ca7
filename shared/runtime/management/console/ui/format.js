// Small display helpers shared by the views.

export function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
}

export function rate(value) {
  return value === null || value === undefined ? '–' : `${Number(value).toLocaleString('en-US')}/s`;
}

export function time(ms) {
  if (ms === null || ms === undefined) return '–';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** One of twelve colours per task (class owner-N); tasks beyond repeat them, the label tells them apart. */
export function ownerClass(task) {
  return task === null || task === undefined ? 'owner-none' : `owner-${task % 12}`;
}

export function stateClass(state) {
  return `state state-${String(state ?? 'UNKNOWN').toLowerCase()}`;
}
