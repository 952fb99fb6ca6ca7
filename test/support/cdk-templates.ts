// Fast synthesis for template assertions: the real app or stacks, checked by cdk-nag like
// `cdk synth`, but with esbuild bundling skipped (asset hashes come from the sources), so a test
// file pays for one synth of a second or two.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../cdk/lib/app.ts';
import type { ServerlessConnectStack } from '../../cdk/lib/stack.ts';

/** An App that synthesizes into a temporary folder, without bundling any stack. */
export function unbundledApp(context: Record<string, unknown> = {}): App {
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sc-cdk-')),
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** The app exactly as cdk/bin/app.ts builds it from context, synthesized once. */
export function synthesizeAppTemplate(context: Record<string, unknown>): {
  stack: ServerlessConnectStack;
  template: Template;
} {
  const app = unbundledApp(context);
  const stack = buildApp(app);
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

/** Runs cdk-nag's AwsSolutions checks on everything in `app` when it synthesizes. */
export function withNagChecks(app: App): App {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return app;
}

export interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly constructPaths: string[];
}

/** The findings in a synthesized assembly's policy validation report (where cdk-nag v3 reports). */
export function validationViolations(outdir: string): Violation[] {
  const file = path.join(outdir, 'validation-report.json');
  // cdk-nag writes the report whenever it ran, findings or not; no report means it did not run.
  if (!fs.existsSync(file)) throw new Error(`No validation report in ${outdir}: were the checks added?`);
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports: {
      violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((v) => ({
      ruleName: v.ruleName,
      severity: v.severity,
      constructPaths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
}

/** Synthesis takes seconds, more on a busy machine: the hooks that synthesize get this long. */
export const synthTimeoutMs = 120_000;
