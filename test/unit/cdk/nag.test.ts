// cdk-nag (AwsSolutions) as a gate: the few findings the construct accepts are acknowledged on the
// one resource they concern, each with a reason, and anything else fails the synth.
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { ServerlessConnectStack } from '../../../cdk/lib/stack.ts';
import {
  synthesizeAppTemplate,
  synthTimeoutMs,
  unbundledApp,
  validationViolations,
  withNagChecks,
} from '../../support/cdk-templates.ts';

describe('cdk-nag acknowledgements', () => {
  it(
    'are exactly the expected ones, each with a reason of substance',
    () => {
      const { template } = synthesizeAppTemplate({ kafkaBootstrapServers: 'kafka:9092' });
      const acknowledged: string[] = [];
      for (const [logicalId, resource] of Object.entries(
        template.toJSON().Resources as Record<
          string,
          { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
        >,
      )) {
        for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
          expect(rule.reason.length, `${rule.id} on ${logicalId}`).toBeGreaterThan(60);
          acknowledged.push(`${rule.id} @ ${logicalId.replace(/[0-9A-F]{8}$/, '')}`);
        }
      }
      expect(acknowledged.sort()).toEqual(
        [
          'AwsSolutions-APIG2 @ ServerlessConnectRestApi',
          'AwsSolutions-APIG3 @ ServerlessConnectRestApiDeploymentStageprod',
          'AwsSolutions-COG4 @ ServerlessConnectRestApiANY',
          'AwsSolutions-COG4 @ ServerlessConnectRestApiproxyANY',
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs] @ ServerlessConnectRestApiCloudWatchRole',
          'AwsSolutions-IAM5[Resource::*] @ ServerlessConnectApiUnscopedActions',
          'AwsSolutions-IAM5[Resource::*] @ ServerlessConnectCoordinatorUnscopedActions',
          'AwsSolutions-IAM5[Resource::*] @ ServerlessConnectTaskUnscopedActions',
          'AwsSolutions-SQS3 @ ServerlessConnectTaskFailureQueue',
        ].sort(),
      );
    },
    synthTimeoutMs,
  );

  it(
    'do not cover a wildcard added to a function role elsewhere: the synth fails on it',
    () => {
      const app = withNagChecks(unbundledApp());
      const stack = new ServerlessConnectStack(app, 'Widened', {
        connect: { kafka: { bootstrapServers: 'kafka:9092' } },
      });
      stack.connect.taskFunction.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }),
      );
      // The message differs with the terminal; the report below is the stable record.
      expect(() => app.synth()).toThrow();
      expect(validationViolations(app.outdir)).toEqual([
        {
          ruleName: 'AwsSolutions-IAM5[Resource::*]',
          severity: 'error',
          constructPaths: ['Widened/ServerlessConnect/Task/Role/DefaultPolicy/Resource'],
        },
      ]);
    },
    synthTimeoutMs,
  );
});
