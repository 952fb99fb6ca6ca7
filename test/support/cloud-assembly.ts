// The deployable artefact, seen from tests: synthesize the CDK app (or read a synthesized cdk.out),
// find each function's bundled code and the environment the template gives it, and import the
// bundled handler the way Lambda would, with the environment a test chooses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../cdk/lib/app.ts';

export type FunctionRole = 'api' | 'coordinator' | 'task';
export const functionRoles: readonly FunctionRole[] = ['api', 'coordinator', 'task'];

/** A function of any synthesized stack, with its bundled code. */
export interface LambdaBundle {
  /** Its construct path (from the template's aws:cdk:path metadata) or logical id. */
  readonly name: string;
  readonly logicalId: string;
  /** The folder Lambda would unzip: the bundled code. */
  readonly assetDir: string;
  /** Absolute path of the module the template's Handler names (index.mjs for `index.handler`). */
  readonly handlerFile: string;
  /** The export the template's Handler names (`handler` for `index.handler`). */
  readonly handlerExport: string;
  /** Environment variables as the template has them: strings, or CloudFormation references. */
  readonly environment: Readonly<Record<string, unknown>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** One of the three serverless-connect functions. */
export interface BundledFunction extends LambdaBundle {
  readonly role: FunctionRole;
}

export interface SynthesizedApp {
  readonly outdir: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly functions: Readonly<Record<FunctionRole, BundledFunction>>;
}

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/**
 * Synthesizes the app as `cdk synth` would (same entry, same cdk-nag checks, esbuild bundling) into
 * a fresh temporary folder. Slow-ish (seconds): do it once per test file.
 */
export function synthesizeApp(context: Record<string, unknown> = {}): SynthesizedApp {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-cdk-'));
  const app = new App({
    outdir,
    context: { kafkaBootstrapServers: '127.0.0.1:9092', 'aws:cdk:enable-path-metadata': true, ...context },
  });
  const stack = buildApp(app);
  app.synth();
  return readCloudAssembly(outdir, stack.stackName);
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Reads a synthesized cloud assembly, e.g. the cdk.out written by `npm run synth`. */
export function readCloudAssembly(outdir: string, stackName = 'ServerlessConnectStack'): SynthesizedApp {
  const template = readJson<CfnTemplate>(path.join(outdir, `${stackName}.template.json`));
  const found: Partial<Record<FunctionRole, BundledFunction>> = {};
  for (const bundle of readLambdaBundles(outdir, stackName)) {
    const role = roleOf(bundle.name);
    if (role) found[role] = { ...bundle, name: role, role };
  }
  const missing = functionRoles.filter((role) => !found[role]);
  if (missing.length > 0) throw new Error(`Functions not found in ${stackName}: ${missing.join(', ')}`);
  return { outdir, stackName, template, functions: found as Record<FunctionRole, BundledFunction> };
}

/** Every Lambda function of a synthesized stack whose code is a file asset of the assembly. */
export function readLambdaBundles(outdir: string, stackName: string): LambdaBundle[] {
  const template = readJson<CfnTemplate>(path.join(outdir, `${stackName}.template.json`));
  const assets = readJson<{ files: Record<string, { source: { path: string } }> }>(
    path.join(outdir, `${stackName}.assets.json`),
  );
  const bundles: LambdaBundle[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const props = resource.Properties ?? {};
    // Code.S3Key is `<asset hash>.zip`; the assets manifest maps the hash to the staged folder.
    const s3Key = (props.Code as { S3Key?: unknown } | undefined)?.S3Key;
    if (typeof s3Key !== 'string') continue;
    const asset = assets.files[s3Key.replace(/\.zip$/, '')];
    if (!asset) throw new Error(`No asset in ${stackName}.assets.json for ${logicalId} (${s3Key})`);
    const assetDir = path.join(outdir, asset.source.path);
    const [moduleName, handlerExport] = splitHandler(String(props.Handler));
    bundles.push({
      name: String(resource.Metadata?.['aws:cdk:path'] ?? logicalId),
      logicalId,
      assetDir,
      handlerFile: moduleFile(assetDir, moduleName),
      handlerExport,
      environment:
        (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {},
      timeoutSeconds: Number(props.Timeout ?? 3),
      memorySize: Number(props.MemorySize ?? 128),
    });
  }
  return bundles;
}

function roleOf(cdkPath: string): FunctionRole | undefined {
  const match = /\/(Api|Coordinator|Task)\/Function\/Resource$/.exec(cdkPath);
  return match ? (match[1]!.toLowerCase() as FunctionRole) : undefined;
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Handler ${handler} is not <module>.<export>`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

// Lambda's Node.js runtime tries these extensions for the module part of the handler.
function moduleFile(assetDir: string, moduleName: string): string {
  for (const extension of ['.mjs', '.js', '.cjs']) {
    const file = path.join(assetDir, moduleName + extension);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`No ${moduleName}.mjs/.js/.cjs in ${assetDir}`);
}

/**
 * The environment the function would see: the template's literal values, plus `values` for the
 * ones CloudFormation resolves at deploy time (table and function names...). Fails naming every
 * reference left without a value, so a drive test cannot silently run with a hole in its setup.
 */
export function resolveEnvironment(
  fn: LambdaBundle,
  values: Record<string, string> = {},
): Record<string, string> {
  const resolved: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    if (name in values) resolved[name] = values[name]!;
    else if (typeof value === 'string') resolved[name] = value;
    else unresolved.push(name);
  }
  if (unresolved.length > 0) {
    throw new Error(
      `${fn.name}: give values for the deploy-time environment variables ${unresolved.join(', ')}`,
    );
  }
  return { ...values, ...resolved };
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

export interface LoadedHandler {
  readonly handler: LambdaHandler;
  readonly module: Record<string, unknown>;
  /** The environment set while loading, still set until restoreEnvironment(). */
  readonly environment: Readonly<Record<string, string>>;
  /** Puts process.env back as it was before loading. */
  restoreEnvironment(): void;
}

let loads = 0;

/**
 * Imports the bundled handler module with the function's environment (template values + `values`)
 * in process.env, as a fresh module instance each call (a cold start). The environment stays set
 * because handlers may read it lazily; call restoreEnvironment() when done.
 */
export async function loadBundledHandler(
  fn: LambdaBundle,
  values: Record<string, string> = {},
): Promise<LoadedHandler> {
  const environment = resolveEnvironment(fn, values);
  const previous = new Map(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  const restoreEnvironment = () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  try {
    const url = `${pathToFileURL(fn.handlerFile).href}?cold-start=${++loads}`;
    // Under vitest this goes through its module runner (a native import is not available in its
    // workers); the bundle is plain ESM, so both load it the same way.
    const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    const handler = module[fn.handlerExport];
    if (typeof handler !== 'function') {
      throw new Error(`${fn.handlerFile} does not export a function named ${fn.handlerExport}`);
    }
    return { handler: handler as LambdaHandler, module, environment, restoreEnvironment };
  } catch (error) {
    restoreEnvironment();
    throw error;
  }
}

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** A Lambda context whose deadline is the function's configured timeout from now. */
export function lambdaContext(fn: LambdaBundle, functionName: string = fn.logicalId): LambdaContext {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(fn.memorySize),
    awsRequestId: `test-${Date.now()}-${loads}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
