// The coordinator's own connector keys (tasks.autoscale.*, tasks.pickup.*) are numbers that fall
// back to their default when absent or not a non-negative number, rather than failing the
// reconciliation of a connector whose config was accepted.

/** The key's value as a non-negative number, or `fallback` when absent, not a number, or negative. */
export function nonNegativeNumber(
  config: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
): number {
  const value = Number(config[key]);
  return config[key] === undefined || !Number.isFinite(value) || value < 0 ? fallback : value;
}
