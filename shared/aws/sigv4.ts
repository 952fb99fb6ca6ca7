// AWS SigV4 request signing with the AWS SDK's own signer and credential providers: static keys, an
// assumed role, or the default chain (in Lambda, the function's role). Used by the search sink for
// Amazon OpenSearch Service (es) and OpenSearch Serverless (aoss), and by `serverless-connect console
// --endpoint` for API Gateway (execute-api). The SDK modules load only when something signs.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

export interface AwsSigning {
  readonly region: string;
  readonly service: string;
  /** Static keys; absent: an assumed role (roleArn) or the default chain. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly sessionDurationSeconds?: number;
  readonly externalId?: string;
}

export type RequestSigner = (request: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
}) => Promise<Record<string, string>>;

/** The SDK's Checksum contract over node:crypto (native hashing; the SDK's pure-JS one is slower). */
export class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret =
      secret === undefined || typeof secret === 'string'
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    if (typeof data === 'string') this.#hash.update(data);
    else if (ArrayBuffer.isView(data))
      this.#hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else this.#hash.update(new Uint8Array(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

export async function createSigner(aws: AwsSigning): Promise<RequestSigner> {
  const [{ SignatureV4 }, providers] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-sdk/credential-providers'),
  ]);
  const credentials =
    aws.accessKeyId && aws.secretAccessKey
      ? { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey }
      : aws.roleArn
        ? providers.fromTemporaryCredentials({
            params: {
              RoleArn: aws.roleArn,
              RoleSessionName: aws.sessionName,
              DurationSeconds: aws.sessionDurationSeconds,
              ...(aws.externalId ? { ExternalId: aws.externalId } : {}),
            },
            clientConfig: { region: aws.region },
          })
        : providers.fromNodeProviderChain();
  const signer = new SignatureV4({
    service: aws.service,
    region: aws.region,
    credentials,
    sha256: NodeSha256,
  });
  return async ({ method, url, headers, body }) => {
    // The payload hash as a header: required by OpenSearch Serverless, and the signer then uses it
    // instead of hashing the body a second time.
    const payloadHash = createHash('sha256')
      .update(body ?? '')
      .digest('hex');
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host, 'x-amz-content-sha256': payloadHash },
      ...(body ? { body } : {}),
    });
    return signed.headers as Record<string, string>;
  };
}
