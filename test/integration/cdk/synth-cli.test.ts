// `npm run synth` as a user runs it: the CDK CLI starts cdk/bin/app.ts with Node's type stripping
// (cdk.json), with no AWS credentials or profile, and no way out to the network. It must still
// produce the template, the bundled functions and a clean cdk-nag report.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../cdk/lib/connect-function.ts';
import { validationViolations } from '../../support/cdk-templates.ts';
import { functionRoles, readCloudAssembly, type SynthesizedApp } from '../../support/cloud-assembly.ts';

let home: string;
let outdir: string;
let run: ReturnType<typeof spawnSync>;
let synthesized: SynthesizedApp;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-home-'));
  outdir = path.join(home, 'cdk.out');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  Object.assign(env, {
    HOME: home, // no ~/.aws
    AWS_CONFIG_FILE: path.join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
    // Anything trying the network fails fast instead of reaching out.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
  });
  run = spawnSync('npm', ['run', 'synth', '--', '--output', outdir], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status === 0) synthesized = readCloudAssembly(outdir);
}, 320_000);

afterAll(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('npm run synth, offline and without credentials', () => {
  it('succeeds', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it('writes the stack from cdk.json context, environment-agnostic', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.ServerlessConnectStack.environment).toBe(
      'aws://unknown-account/unknown-region',
    );
    const task = synthesized.functions.task;
    expect(task.environment.SC_KAFKA_BOOTSTRAP_SERVERS).toBe('localhost:9092');
  });

  it.each(functionRoles)('bundles the %s function', (role) => {
    const fn = synthesized.functions[role];
    expect(fs.statSync(fn.handlerFile).size).toBeGreaterThan(0);
    expect(path.relative(outdir, fn.assetDir).startsWith('asset.')).toBe(true);
  });

  it('leaves no cdk-nag finding', () => {
    expect(validationViolations(outdir)).toEqual([]);
  });
});
