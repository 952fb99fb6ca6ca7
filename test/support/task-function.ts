// The task function as deployed (createTaskHandler over the environment the stack sets), with
// the timings a fault test needs, read from the environment: short leases, and a time budget
// that may deliberately run past the Lambda timeout. Run by LocalLambda in a process of its own,
// so that a timeout really kills it.

import { runtimeFromEnvironment } from '../../functions/runtime-environment.ts';
import { createTaskHandler, defaultTaskSettings } from '../../functions/task/handler.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

export const handler = createTaskHandler(() => runtimeFromEnvironment(), {
  leaseTtlMs: number('SC_TEST_LEASE_TTL_MS', defaultTaskSettings.leaseTtlMs),
  // Negative: the invocation does not stop for its budget, and so meets the timeout mid-batch.
  safetyMarginMs: number('SC_TEST_SAFETY_MARGIN_MS', defaultTaskSettings.safetyMarginMs),
  idlePolls: number('SC_TEST_IDLE_POLLS', defaultTaskSettings.idlePolls),
});
