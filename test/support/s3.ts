// LocalStack S3 for tests: a client, fresh buckets, and the objects of a bucket read back whole.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { endpoints } from '../../scripts/infra/settings.ts';

export type BucketObjects = Map<string, Buffer>;

export function s3TestClient(): S3Client {
  return new S3Client({
    endpoint: endpoints.localstack,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

export async function createBucket(client: S3Client, name: string): Promise<string> {
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

export async function listObjects(
  client: S3Client,
  bucket: string,
): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) objects.push({ key: o.Key!, size: o.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

export async function readObjects(client: S3Client, bucket: string): Promise<BucketObjects> {
  const objects: BucketObjects = new Map();
  for (const { key } of await listObjects(client, bucket)) {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    objects.set(key, Buffer.from(await response.Body!.transformToByteArray()));
  }
  return objects;
}

/** The keys of an S3 sink writing to `bucket` on LocalStack (any credentials do there). */
export function localStackS3Sink(bucket: string): Record<string, string> {
  return {
    'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
    's3.bucket.name': bucket,
    's3.region': 'us-east-1',
    'store.url': endpoints.localstack,
    'aws.access.key.id': 'test',
    'aws.secret.access.key': 'test',
  };
}
