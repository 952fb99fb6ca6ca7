// The construct's bundling settings hold up with real dependencies: a probe handler using the AWS
// SDK, kafkajs (admin), @platformatic/kafka (fetch, which loads WebAssembly) and the MSK IAM signer
// (imported on first use) is bundled exactly
// as the three functions are, then run from its asset folder against DynamoDB Local and the broker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectFunction, projectRoot } from '../../../cdk/lib/connect-function.ts';
import { environmentNames } from '../../../shared/aws/environment.ts';
import {
  type LambdaBundle,
  lambdaContext,
  loadBundledHandler,
  readLambdaBundles,
} from '../../support/cloud-assembly.ts';
import { createTopic, produce } from '../../support/kafka.ts';
import { dynamodbEndpoint, kafkaBootstrap, localAwsClientConfig, uniqueName } from '../../support/local.ts';

let outdir: string;
let probe: LambdaBundle;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-probe-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Probe');
  new ConnectFunction(stack, 'Probe', {
    entryFolder: 'task',
    entry: path.join(projectRoot, 'test', 'support', 'fixtures', 'bundle-probe.ts'),
    description: 'bundling probe',
    settings: { memorySize: 256, timeout: Duration.seconds(30) },
    environment: { [environmentNames.kafkaBootstrapServers]: kafkaBootstrap },
    logRetention: logs.RetentionDays.ONE_DAY,
    logRemovalPolicy: RemovalPolicy.DESTROY,
  });
  app.synth();
  [probe] = readLambdaBundles(outdir, 'Probe') as [LambdaBundle];
}, 180_000);

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

describe('a handler bundled with the functions’ settings', () => {
  it('is one ES module, with no file beside it to load at run time', () => {
    expect(fs.readdirSync(probe.assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('runs from the bundle: AWS SDK to DynamoDB, kafkajs admin and platformatic fetch to Kafka', async () => {
    const topic = uniqueName('cdk-bundle-probe');
    await createTopic(topic, 1);
    await produce([{ topic, partition: 0, key: null, value: Buffer.from('hello from the bundle') }]);

    const loaded = await loadBundledHandler(probe, {
      [environmentNames.tableName]: 'unused',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
      AWS_REGION: localAwsClientConfig.region,
      AWS_ACCESS_KEY_ID: localAwsClientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localAwsClientConfig.credentials.secretAccessKey,
    });
    try {
      const result = (await loaded.handler({ topic }, lambdaContext(probe))) as {
        tables: boolean;
        topics: string[];
        values: string[];
        mskTokenHost: string;
      };
      expect(result.tables).toBe(true);
      expect(result.topics).toContain(topic);
      expect(result.values).toEqual(['hello from the bundle']);
      // Signed locally with the environment's credentials, for the function's region.
      expect(result.mskTokenHost).toBe(`kafka.${localAwsClientConfig.region}.amazonaws.com`);
    } finally {
      loaded.restoreEnvironment();
    }
  });
});
