// The S3 side of the sink: one client per task (the AWS SDK's own retries, s3.part.retries + 1
// attempts), a start-up check that turns a missing bucket, a wrong region or an unreachable
// endpoint into an error naming the key to fix, and object uploads that are atomic: a single
// PutObject up to s3.part.size, a multipart upload above it (lib-storage), which S3 only shows
// once complete and aborts on failure.
import {
  HeadBucketCommand,
  HeadObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  type S3ClientConfig,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConfigError, ConnectError, RetriableError } from '../../../api/errors.ts';
import type { S3SinkSettings } from '../config.ts';

export interface ObjectWrite {
  readonly key: string;
  readonly body: Buffer;
  /** Object tags (s3.object.tagging). */
  readonly tags?: Readonly<Record<string, string>>;
  /** User metadata stored with the object. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What the sink needs from S3; tests may substitute an in-memory store. */
export interface ObjectStore {
  /** Fails with an error naming s3.bucket.name, s3.region or store.url when the bucket is not usable. */
  checkBucket(): Promise<void>;
  /** Writes the object; 'exists' when conditional writes are on and the key was already taken. */
  put(write: ObjectWrite): Promise<'written' | 'exists'>;
  /** The `end-offset` metadata of an existing object; null when it has none (another writer's). */
  endOffset(key: string): Promise<number | null>;
  close(): void;
}

export function s3ClientConfig(settings: S3SinkSettings): S3ClientConfig {
  return {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.pathStyle,
    useAccelerateEndpoint: settings.accelerate,
    maxAttempts: settings.partRetries + 1,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
}

export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #settings: S3SinkSettings;

  constructor(settings: S3SinkSettings, client = new S3Client(s3ClientConfig(settings))) {
    this.#settings = settings;
    this.#client = client;
  }

  async checkBucket(): Promise<void> {
    const { bucket, region, endpoint } = this.#settings;
    const where = endpoint ?? `the AWS endpoint of ${region}`;
    let bucketRegion: string | undefined;
    try {
      bucketRegion = (await this.#client.send(new HeadBucketCommand({ Bucket: bucket }))).BucketRegion;
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      const actualRegion = (error as { $response?: { headers?: Record<string, string> } }).$response
        ?.headers?.['x-amz-bucket-region'];
      if (status === 404)
        throw new ConfigError('s3.bucket.name', bucket, `Non-existent S3 bucket: ${bucket} (at ${where})`);
      if (status === 301 || (actualRegion && actualRegion !== region))
        throw new ConfigError(
          's3.region',
          region,
          `bucket ${bucket} is in region ${actualRegion ?? 'another region'}, not ${region}`,
        );
      if (status === 403)
        throw new ConfigError('s3.bucket.name', bucket, `Access denied to bucket ${bucket} (at ${where})`);
      if (status === undefined) {
        const key = endpoint ? 'store.url' : 's3.region';
        throw new ConfigError(
          key,
          endpoint ?? region,
          `S3 is not reachable at ${where}: ${(error as Error).message}`,
        );
      }
      throw new ConnectError(`Checking bucket ${bucket} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    // AWS refuses requests signed for another region (the 301 above); stores that answer anyway
    // (LocalStack) still say where the bucket is, and writing there with the wrong region is a
    // mistake worth stopping on.
    if (bucketRegion && bucketRegion !== region)
      throw new ConfigError(
        's3.region',
        region,
        `bucket ${bucket} is in region ${bucketRegion}, not ${region}`,
      );
  }

  async put(write: ObjectWrite): Promise<'written' | 'exists'> {
    const { bucket, partSize, conditionalWrites, encryption, cannedAcl, sendDigest } = this.#settings;
    const params: PutObjectCommandInput = {
      Bucket: bucket,
      Key: write.key,
      Body: write.body,
      ...(conditionalWrites ? { IfNoneMatch: '*' } : {}),
      ...(write.tags ? { Tagging: new URLSearchParams(write.tags).toString() } : {}),
      ...(write.metadata ? { Metadata: { ...write.metadata } } : {}),
      ...(encryption.algorithm ? { ServerSideEncryption: encryption.algorithm as 'AES256' } : {}),
      ...(encryption.kmsKeyId ? { SSEKMSKeyId: encryption.kmsKeyId } : {}),
      ...(encryption.customerKey
        ? { SSECustomerAlgorithm: 'AES256', SSECustomerKey: encryption.customerKey }
        : {}),
      ...(cannedAcl ? { ACL: cannedAcl as 'private' } : {}),
      ...(sendDigest ? { ChecksumAlgorithm: 'CRC32' } : {}),
    };
    try {
      await new Upload({
        client: this.#client,
        params,
        partSize,
        queueSize: 4,
        leavePartsOnError: false,
      }).done();
      return 'written';
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      if (conditionalWrites && status === 412) return 'exists';
      // Throttling and server errors were already retried by the SDK; the runtime retries the batch.
      if (status === undefined || status >= 500 || status === 429)
        throw new RetriableError(`Writing s3://${bucket}/${write.key} failed: ${(error as Error).message}`, {
          cause: error,
        });
      throw new ConnectError(`Writing s3://${bucket}/${write.key} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async endOffset(key: string): Promise<number | null> {
    const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#settings.bucket, Key: key }));
    const value = Number(head.Metadata?.['end-offset']);
    return Number.isSafeInteger(value) ? value : null;
  }

  close(): void {
    this.#client.destroy();
  }
}
