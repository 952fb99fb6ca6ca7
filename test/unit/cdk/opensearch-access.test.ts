// The search sink grants: the task may read and write the given OpenSearch Service domains over
// SigV4 and the API only read them (validation pings the cluster); nothing else gets es:* and the
// cdk-nag gate accepts exactly the per-domain path patterns. A domain in a VPC is joined.

import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { openSearchResources, searchNetwork } from '../../../cdk/lib/opensearch-access.ts';
import { synthesizeAppTemplate, synthTimeoutMs } from '../../support/cdk-templates.ts';
import { logicalId, statementsOfRole } from '../../support/iam-statements.ts';

const DOMAIN = 'arn:aws:es:eu-west-1:123456789012:domain/orders';

describe('OpenSearch Service grants', () => {
  it(
    'give the task GET/HEAD/POST/PUT and the API GET/HEAD on the domain and its paths, the coordinator nothing',
    () => {
      const { template } = synthesizeAppTemplate({
        kafkaBootstrapServers: 'kafka:9092',
        openSearchDomainArns: DOMAIN,
      });
      const es = (role: string) =>
        statementsOfRole(
          template,
          logicalId(template, 'AWS::IAM::Role', `ServerlessConnect${role}Role`),
        ).filter((s) => s.actions.some((a) => a.startsWith('es:')));
      expect(es('Task')).toEqual([
        {
          effect: 'Allow',
          actions: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut'],
          resources: [DOMAIN, `${DOMAIN}/*`],
        },
      ]);
      expect(es('Api')).toEqual([
        { effect: 'Allow', actions: ['es:ESHttpGet', 'es:ESHttpHead'], resources: [DOMAIN, `${DOMAIN}/*`] },
      ]);
      expect(es('Coordinator')).toEqual([]);
    },
    synthTimeoutMs,
  );

  it('refuses what is not a domain ARN, and a domain VPC other than the Kafka one', () => {
    expect(() => openSearchResources('arn:aws:s3:::bucket')).toThrow(/openSearchDomains/);
    const stack = new Stack(new App(), 'Networks');
    const vpc = (id: string) =>
      ec2.Vpc.fromVpcAttributes(stack, id, { vpcId: id, availabilityZones: ['a'], privateSubnetIds: ['s'] });
    const kafka = { vpc: vpc('vpc-kafka') };
    expect(searchNetwork(undefined, [{ domainArn: DOMAIN, network: kafka }])).toBe(kafka);
    expect(searchNetwork(kafka, [{ domainArn: DOMAIN }])).toBe(kafka);
    expect(() => searchNetwork(kafka, [{ domainArn: DOMAIN, network: { vpc: vpc('vpc-other') } }])).toThrow(
      /another VPC/,
    );
  });
});
