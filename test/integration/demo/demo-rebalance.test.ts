// `npm run demo:rebalance` in a fast mode (3-second steps, fewer records): the script itself, run as
// a user runs it, with the API, coordinator and task functions in processes of their own on
// DynamoDB Local and the local broker. While it runs, the console it names answers and its lease
// map reads the real leases; each concurrency step ends with every partition held by the number of
// tasks asked for; the run ends with the exact count of the sink's ledger and exit status 0.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';

const STEPS = [1, 4, 2, 6, 3];

it('moves the partitions between 1, 4, 2, 6 and 3 tasks and delivers every record exactly once', async () => {
  const demo = spawn(process.execPath, ['scripts/demo-rebalance.ts'], {
    env: {
      ...process.env,
      SC_DEMO_STEP_SECONDS: '3',
      SC_DEMO_RECORDS_PER_SECOND: '80',
      SC_DEMO_PORT: '0',
      SC_DEMO_EXIT: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  demo.stderr.on('data', (chunk) => (stderr += chunk));
  const consoleChecks: Promise<{
    ui: number;
    html: string;
    leases: { name: string; partitions: unknown[] };
  }>[] = [];
  // Not a terminal: the demo prints plain lines and ends after its check.
  createInterface({ input: demo.stdout }).on('line', (line) => {
    lines.push(line);
    const url = /watch the lease map: (http:\/\/127\.0\.0\.1:\d+)\/ui\/#\/connector\/(\S+)$/.exec(line);
    if (url)
      consoleChecks.push(
        (async () => {
          const ui = await fetch(`${url[1]}/ui/`);
          const leases = await fetch(`${url[1]}/connectors/${url[2]}/leases`);
          return {
            ui: ui.status,
            html: await ui.text(),
            leases: (await leases.json()) as { name: string; partitions: unknown[] },
          };
        })(),
      );
  });
  const code = await new Promise<number | null>((resolve) => demo.once('exit', resolve));
  const output = lines.join('\n');
  expect(code, `${output}\n${stderr}`).toBe(0);

  // The console the demo names is up while it runs, and its lease map is the connector's.
  expect(consoleChecks).toHaveLength(1);
  const seen = await consoleChecks[0]!;
  expect(seen.ui).toBe(200);
  expect(seen.html).toContain('<html');
  expect(seen.leases.name).toMatch(/^demo-rebalance-/);

  // After each change the partitions moved to exactly the tasks asked for.
  const steps = lines.filter((l) => /^demo: {3}leases/.test(l));
  expect(steps).toHaveLength(STEPS.length);
  for (const [i, tasks] of STEPS.entries()) {
    expect(steps[i]).toMatch(/leases \(settled in [\d.]+ s\)/);
    const held = steps[i]!.split(': ').at(-1)!.split('; ');
    expect(held).toHaveLength(tasks);
    const partitions = held.flatMap((h) => h.split('→ p')[1]!.split(',').map(Number));
    expect(partitions.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, p) => p));
  }

  // The functions invoked one another through the Lambda endpoint: the API the coordinator after each
  // change, the coordinator every task (0 to 5 at the widest step).
  const invoked = /^demo: invocations: api (\d+), coordinator (\d+), task (\d+)$/m.exec(output);
  expect(invoked, output).not.toBeNull();
  expect(Number(invoked![2])).toBeGreaterThanOrEqual(STEPS.length);
  expect(Number(invoked![3])).toBeGreaterThanOrEqual(Math.max(...STEPS));

  const counted = /^demo: every record arrived exactly once: (\d+) of (\d+)$/m.exec(output);
  expect(counted, output).not.toBeNull();
  expect(counted![1]).toBe(counted![2]);
  expect(Number(counted![1])).toBeGreaterThan(500);
  // A run that passed leaves nothing to look at: its logs and ledger go.
  const kept = /^demo: functions' logs: (.+)$/m.exec(output)?.[1];
  if (kept?.includes('demo-rebalance')) rmSync(kept, { recursive: true, force: true });
}, 150_000);
