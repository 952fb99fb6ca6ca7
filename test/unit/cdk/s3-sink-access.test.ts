// The S3 sink grants: the task role may write objects under the given prefixes of the given
// buckets and nothing else in S3, and the app's cdk-nag gate accepts exactly those prefix patterns.
import { describe, expect, it } from 'vitest';
import { parseS3SinkDestinations } from '../../../cdk/lib/s3-sink-access.ts';
import { synthesizeAppTemplate, synthTimeoutMs } from '../../support/cdk-templates.ts';
import { logicalId, statementsOfRole } from '../../support/iam-statements.ts';

const objectArn = (bucket: string, prefix: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${bucket}/${prefix}*`]],
});
const bucketArn = (bucket: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${bucket}`]],
});

describe('S3 sink grants', () => {
  it(
    'give the task PutObject and AbortMultipartUpload under each prefix, ListBucket on the bucket, nothing to the others',
    () => {
      const { template } = synthesizeAppTemplate({
        kafkaBootstrapServers: 'kafka:9092',
        s3SinkBuckets: 'archive,lake/raw/events/,lake/raw/audit/',
      });
      const s3 = (role: string) =>
        statementsOfRole(
          template,
          logicalId(template, 'AWS::IAM::Role', `ServerlessConnect${role}Role`),
        ).filter((s) => s.actions.some((a) => a.startsWith('s3:')));
      expect(s3('Task')).toEqual(
        expect.arrayContaining([
          {
            effect: 'Allow',
            actions: ['s3:AbortMultipartUpload', 's3:PutObject'],
            resources: [objectArn('archive', 'topics/')],
          },
          {
            effect: 'Allow',
            actions: ['s3:AbortMultipartUpload', 's3:PutObject'],
            resources: [objectArn('lake', 'raw/audit/'), objectArn('lake', 'raw/events/')].sort((a, b) =>
              JSON.stringify(a).localeCompare(JSON.stringify(b)),
            ),
          },
          { effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucketArn('archive')] },
          { effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucketArn('lake')] },
        ]),
      );
      expect(
        s3('Task')
          .flatMap((s) => s.actions)
          .sort(),
      ).toEqual([
        's3:AbortMultipartUpload',
        's3:AbortMultipartUpload',
        's3:ListBucket',
        's3:ListBucket',
        's3:PutObject',
        's3:PutObject',
      ]);
      expect(s3('Api')).toEqual([]);
      expect(s3('Coordinator')).toEqual([]);
    },
    synthTimeoutMs,
  );

  it('reads bucket and bucket/prefix/ values and refuses what is not a bucket name', () => {
    expect(parseS3SinkDestinations(['a-bucket', 'b.bucket/x/', 'a-bucket/y/'])).toEqual([
      { bucketName: 'a-bucket', prefixes: ['topics/', 'y/'] },
      { bucketName: 'b.bucket', prefixes: ['x/'] },
    ]);
    expect(() => parseS3SinkDestinations(['Not_A_Bucket'])).toThrow(/s3SinkBuckets/);
  });
});
