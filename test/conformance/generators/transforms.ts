import type { ConformanceCase } from '../case.ts';
export function transformCases(): ConformanceCase[] {
  return [];
}
