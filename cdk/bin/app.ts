// Entry point of `cdk synth` / `cdk deploy` (cdk.json: "app": "node cdk/bin/app.ts"); Node 24 runs
// the TypeScript directly. Settings come from context: see cdk/lib/context.ts and docs/deploy.md.
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app.ts';

const app = new App();
buildApp(app);
app.synth();
