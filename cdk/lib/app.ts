// The CDK app: one ServerlessConnectStack configured from context, checked by cdk-nag's
// AwsSolutions rules (a finding without an acknowledged reason fails the synth).
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type ContextKey, connectProps, readSettings } from './context.ts';
import { ServerlessConnectStack } from './stack.ts';

export function buildApp(app: App): ServerlessConnectStack {
  const settings = readSettings((key: ContextKey) => app.node.tryGetContext(key));
  const stack = new ServerlessConnectStack(app, settings.stackName, {
    description: 'serverless-connect: Kafka Connect as serverless, event-driven task execution',
    connect: (scope) => connectProps(scope, settings),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return stack;
}
