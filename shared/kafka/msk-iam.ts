// Amazon MSK IAM authentication: SASL/OAUTHBEARER whose token is a SigV4-presigned
// `kafka-cluster:Connect` URL, made by AWS's own signer library. Signing is local; only resolving
// credentials may call AWS (the default chain, a profile, or STS when a role is to be assumed).
// The signer loads the AWS SDK's credential providers, so it is imported on first use: clusters
// without IAM never pay for it at cold start.
import type {
  GenerateAuthTokenFromCredentialOptions,
  GenerateAuthTokenResponse,
} from 'aws-msk-iam-sasl-signer-js';
import type { OAuthBearerTokenProvider } from './types.ts';

/** The class names MSK documents for Java clients, so their client properties work unchanged. */
export const mskIamClassNames = {
  /** `sasl.mechanism=AWS_MSK_IAM`: the login module named in `sasl.jaas.config`. */
  loginModule: 'software.amazon.msk.auth.iam.IAMLoginModule',
  /** `sasl.mechanism=AWS_MSK_IAM`: `sasl.client.callback.handler.class`. */
  clientCallbackHandler: 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
  /** `sasl.mechanism=OAUTHBEARER`: `sasl.login.callback.handler.class` (and the client one). */
  oauthBearerCallbackHandler: 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
  /** `sasl.mechanism=OAUTHBEARER`: Kafka's own login module, named in `sasl.jaas.config`. */
  oauthBearerLoginModule: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule',
} as const;

export type AwsCredentialsProvider = GenerateAuthTokenFromCredentialOptions['awsCredentialsProvider'];

export interface MskIamOptions {
  /** The cluster's region: the token signs for `kafka.<region>.amazonaws.com`. */
  readonly region: string;
  /** JAAS `awsProfileName`: credentials from this named profile instead of the default chain. */
  readonly profileName?: string;
  /** JAAS `awsRoleArn` (+ `awsRoleSessionName`): assume this role through STS and sign with it. */
  readonly roleArn?: string;
  readonly roleSessionName?: string;
  /** JAAS `awsDebugCreds`: the signer logs the caller identity (one STS call per token). */
  readonly debugCredentials?: boolean;
  /** Fixed credentials instead of any of the above (tests; callers that already hold credentials). */
  readonly credentials?: AwsCredentialsProvider;
}

/** A token is replaced this long before it expires, so a connection never presents a dying one. */
const REFRESH_BEFORE_EXPIRY_MS = 60_000;

async function signToken(options: MskIamOptions): Promise<GenerateAuthTokenResponse> {
  const signer = await import('aws-msk-iam-sasl-signer-js');
  const common = {
    region: options.region,
    ...(options.debugCredentials ? { awsDebugCreds: true } : {}),
  };
  if (options.credentials) {
    return signer.generateAuthTokenFromCredentialsProvider({
      ...common,
      awsCredentialsProvider: options.credentials,
    });
  }
  if (options.roleArn) {
    return signer.generateAuthTokenFromRole({
      ...common,
      awsRoleArn: options.roleArn,
      ...(options.roleSessionName ? { awsRoleSessionName: options.roleSessionName } : {}),
    });
  }
  if (options.profileName) {
    return signer.generateAuthTokenFromProfile({ ...common, awsProfileName: options.profileName });
  }
  return signer.generateAuthToken(common);
}

/**
 * A token provider for MSK IAM. Every broker connection authenticates, so the token is shared
 * until shortly before it expires (15 minutes, or sooner when the credentials expire sooner), and
 * connections opening together wait for the same signing.
 */
export function mskIamTokenProvider(
  options: MskIamOptions,
  now: () => number = Date.now,
): OAuthBearerTokenProvider {
  let current: Promise<GenerateAuthTokenResponse> | undefined;
  let expiresAt = 0;
  return async () => {
    if (!current || now() >= expiresAt - REFRESH_BEFORE_EXPIRY_MS) {
      const signing = signToken(options);
      current = signing;
      expiresAt = Number.POSITIVE_INFINITY;
      signing.then(
        (token) => {
          if (current === signing) expiresAt = token.expiryTime;
        },
        () => {
          // A failed signing (e.g. no credentials yet) must not stick: the next connection retries.
          if (current === signing) current = undefined;
        },
      );
    }
    return (await current).token;
  };
}

/** `b-1.name.abc123.c2.kafka.eu-west-1.amazonaws.com:9098` → `eu-west-1`. */
export function regionOfMskBroker(broker: string): string | undefined {
  return /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?(?::\d+)?$/.exec(
    broker.trim(),
  )?.[1];
}
