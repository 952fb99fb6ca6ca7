// What the task function needs to run S3 sink connectors (io.confluent.connect.s3.S3SinkConnector)
// into given buckets: s3:PutObject (which also covers creating, uploading parts of and completing
// a multipart upload) and s3:AbortMultipartUpload on the objects under the given prefixes only,
// s3:ListBucket on the bucket for the start-up check (HeadBucket), s3:PutObjectTagging only where
// s3.object.tagging is used, s3:GetObject only where a replay may have to read an existing
// object's metadata (conditional writes), and the KMS actions SSE-KMS writes need on a given key.
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

export interface S3SinkDestination {
  /** The bucket name (s3.bucket.name). */
  readonly bucketName: string;
  /** Key prefixes the connectors write under (their topics.dir). Default `topics/`; `` for the whole bucket. */
  readonly prefixes?: readonly string[];
  /** Whether connectors tag their objects (s3.object.tagging=true). Default false. */
  readonly tagging?: boolean;
  /**
   * Whether connectors use rotate.schedule.interval.ms with enable.conditional.writes: a replay
   * that finds a key taken reads that object's metadata (s3:GetObject). Default false.
   */
  readonly conditionalWrites?: boolean;
  /** The KMS key of s3.sse.kms.key.id, when objects are written with SSE-KMS. */
  readonly kmsKey?: kms.IKey;
}

export const s3SinkActions = {
  objects: ['s3:PutObject', 's3:AbortMultipartUpload'],
  tagging: ['s3:PutObjectTagging'],
  conditionalWrites: ['s3:GetObject'],
  bucket: ['s3:ListBucket'],
  // Multipart uploads of SSE-KMS objects decrypt the data key to complete.
  kms: ['kms:GenerateDataKey', 'kms:Decrypt'],
} as const;

export function s3SinkArns(destination: S3SinkDestination): { bucket: string; objects: string[] } {
  const bucket = `arn:${Aws.PARTITION}:s3:::${destination.bucketName}`;
  return { bucket, objects: (destination.prefixes ?? ['topics/']).map((prefix) => `${bucket}/${prefix}*`) };
}

export function grantS3SinkAccess(grantee: iam.IGrantable, destinations: readonly S3SinkDestination[]): void {
  const principal = grantee.grantPrincipal;
  const allow = (actions: readonly string[], resources: string[]) =>
    principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }));
  for (const destination of destinations) {
    const arns = s3SinkArns(destination);
    allow(s3SinkActions.objects, arns.objects);
    if (destination.tagging) allow(s3SinkActions.tagging, arns.objects);
    if (destination.conditionalWrites) allow(s3SinkActions.conditionalWrites, arns.objects);
    allow(s3SinkActions.bucket, [arns.bucket]);
    if (destination.kmsKey) allow(s3SinkActions.kms, [destination.kmsKey.keyArn]);
  }
}

/** `bucket` or `bucket/prefix/` (context values) as destinations, prefixes grouped per bucket. */
export function parseS3SinkDestinations(values: readonly string[]): S3SinkDestination[] {
  const byBucket = new Map<string, string[]>();
  for (const value of values) {
    const slash = value.indexOf('/');
    const bucket = slash < 0 ? value : value.slice(0, slash);
    const prefix = slash < 0 ? 'topics/' : value.slice(slash + 1);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new Error(
        `Invalid value ${value} for configuration s3SinkBuckets: ${bucket} is not a bucket name`,
      );
    }
    const prefixes = byBucket.get(bucket) ?? [];
    prefixes.push(prefix);
    byBucket.set(bucket, prefixes);
  }
  return [...byBucket].map(([bucketName, prefixes]) => ({ bucketName, prefixes }));
}
