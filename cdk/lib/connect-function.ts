// One of the three Lambda functions, built the same way: its own role (no AWS managed policies, so
// each function holds only what the construct grants it), its own log group with a retention,
// bundled locally by esbuild (a devDependency: no Docker), arm64, X-Ray active.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: entries are functions/<name>/index.ts, dependencies come from its lock file. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime this aws-cdk-lib knows; the project itself runs on Node 24. */
export const functionRuntime = lambda.Runtime.NODEJS_24_X;

/** Deployment-time settings of one function. */
export interface FunctionSettings {
  /** MB. */
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Caps concurrent executions (and reserves them). Default: unreserved. */
  readonly reservedConcurrentExecutions?: number;
}

export interface ConnectFunctionProps {
  /** Folder under functions/ holding index.ts, which exports `handler`. */
  readonly entryFolder: 'api' | 'coordinator' | 'task';
  /** Another entry file instead (tests bundle probes with the same settings). */
  readonly entry?: string;
  readonly description: string;
  readonly settings: Required<Pick<FunctionSettings, 'memorySize' | 'timeout'>> & FunctionSettings;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * Static files to ship beside the bundle: every file of `from` (relative to the project root) is
   * copied into the folder `to` next to index.mjs (the API function serves the web console's files).
   */
  readonly staticFiles?: { readonly from: string; readonly to: string };
  /** A fixed name, for a function that must know its own name (the task re-invokes itself). */
  readonly functionName?: string;
  readonly network?: {
    readonly vpc: ec2.IVpc;
    readonly subnets?: ec2.SubnetSelection;
    readonly securityGroups?: readonly ec2.ISecurityGroup[];
  };
  readonly asyncInvoke?: Pick<lambda.EventInvokeConfigOptions, 'retryAttempts' | 'maxEventAge' | 'onFailure'>;
}

// esbuild's ESM output keeps CommonJS dependencies working through a `require` made for the module.
const requireShim =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export const bundlingOptions: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: requireShim,
  minify: true,
  sourceMap: true,
  // Node reads the whole source map when it loads the bundle (NODE_OPTIONS=--enable-source-maps):
  // stack traces need only the mappings, and without the sources' text the map is a fraction.
  sourcesContent: false,
  // Bundle the AWS SDK too instead of using the runtime's copy, so what runs in Lambda is the
  // version the tests ran against.
  externalModules: [],
  esbuildArgs: {
    // @platformatic/kafka's compression helpers read native.wasm next to their own file, which is
    // not in the bundle; this variant of the package carries the same wasm inline.
    '--alias:@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled',
    // Ajv validators compiled on first use instead of at load (see the file): cold start.
    '--alias:ajv/dist/2020.js': path.join(projectRoot, 'cdk', 'lib', 'bundling', 'lazy-ajv-2020.ts'),
  },
};

export class ConnectFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly unscopedPolicy: iam.Policy;

  constructor(scope: Construct, id: string, props: ConnectFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (serverless-connect)`,
    });
    this.logGroup.grantWrite(this.role);
    // Actions that take no resource scope live in their own policy, so that a `*` resource anywhere
    // else (the default policy) is still a cdk-nag finding nobody has acknowledged.
    this.unscopedPolicy = new iam.Policy(this, 'UnscopedActions', {
      roles: [this.role],
      statements: [
        // Active tracing (set below on the function itself, so CDK does not add these to the default policy).
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    if (props.network) {
      // What Lambda needs to attach the function to the VPC (AWSLambdaVPCAccessExecutionRole's EC2
      // part, without its logs:* on every log group).
      this.unscopedPolicy.addStatements(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry ?? path.join(projectRoot, 'functions', props.entryFolder, 'index.ts'),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      functionName: props.functionName,
      memorySize: props.settings.memorySize,
      timeout: props.settings.timeout,
      reservedConcurrentExecutions: props.settings.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      vpc: props.network?.vpc,
      vpcSubnets: props.network?.subnets,
      securityGroups: props.network?.securityGroups ? [...props.network.securityGroups] : undefined,
      ...props.asyncInvoke,
      bundling: props.staticFiles ? withStaticFiles(props.staticFiles) : bundlingOptions,
    });
    (this.function.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
    // Lambda checks the role can manage network interfaces when it creates a VPC function.
    this.function.node.addDependency(this.unscopedPolicy);
  }
}

/** The bundling options plus a copy of static files into the asset, after esbuild ran. */
function withStaticFiles(files: { readonly from: string; readonly to: string }): nodejs.BundlingOptions {
  return {
    ...bundlingOptions,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        `mkdir -p "${path.join(outputDir, files.to)}"`,
        `cp "${path.join(inputDir, files.from)}"/* "${path.join(outputDir, files.to)}/"`,
      ],
    },
  };
}
