import { describe, expect, it } from 'vitest';
import { mskIamTokenProvider, regionOfMskBroker } from '../../../shared/kafka/msk-iam.ts';
import { decodeMskToken, expectedSignature } from '../../support/msk-iam-token.ts';

const fixed = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=reserved',
};

/** A credentials provider that counts how often the signer asked for credentials. */
function countingCredentials(credentials: typeof fixed = fixed) {
  const provider = async () => {
    provider.calls += 1;
    return credentials;
  };
  provider.calls = 0;
  return provider;
}

describe('mskIamTokenProvider', () => {
  it('signs kafka-cluster:Connect for the region with the given credentials, locally', async () => {
    const token = await mskIamTokenProvider({ region: 'eu-west-1', credentials: countingCredentials() })();
    const decoded = decodeMskToken(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/); // base64url without padding, as MSK expects
    expect(decoded.url.origin).toBe('https://kafka.eu-west-1.amazonaws.com');
    expect(decoded.params.get('Action')).toBe('kafka-cluster:Connect');
    expect(decoded.params.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(decoded.params.get('X-Amz-Credential')).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    );
    expect(decoded.params.get('X-Amz-Security-Token')).toBe(fixed.sessionToken);
    expect(decoded.params.get('X-Amz-Expires')).toBe('900');
    expect(decoded.params.get('User-Agent')).toMatch(/^aws-msk-iam-sasl-signer-js\//);
    expect(decoded.params.get('X-Amz-Signature')).toBe(expectedSignature(decoded, fixed.secretAccessKey));
  });

  it('a different secret gives a signature the independent check rejects', async () => {
    const token = await mskIamTokenProvider({ region: 'us-east-1', credentials: countingCredentials() })();
    const decoded = decodeMskToken(token);
    expect(decoded.params.get('X-Amz-Signature')).not.toBe(expectedSignature(decoded, 'another-secret'));
  });

  it('shares one token between connections until shortly before it expires', async () => {
    const credentials = countingCredentials();
    let clock = Date.now();
    const provider = mskIamTokenProvider({ region: 'eu-west-1', credentials }, () => clock);
    const [first, concurrent] = await Promise.all([provider(), provider()]);
    expect(concurrent).toBe(first);
    expect(await provider()).toBe(first);
    expect(credentials.calls).toBe(1);

    clock += 14.5 * 60_000; // within the last minute of a 15-minute token
    await provider();
    expect(credentials.calls).toBe(2);
  });

  it('retries signing after a failure instead of keeping the error', async () => {
    let fail = true;
    const provider = mskIamTokenProvider({
      region: 'eu-west-1',
      credentials: async () => {
        if (fail) throw new Error('no credentials yet');
        return fixed;
      },
    });
    await expect(provider()).rejects.toThrow('no credentials yet');
    fail = false;
    expect(decodeMskToken(await provider()).url.hostname).toBe('kafka.eu-west-1.amazonaws.com');
  });
});

describe('regionOfMskBroker', () => {
  it('reads the region out of provisioned and serverless MSK broker names', () => {
    expect(regionOfMskBroker('b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098')).toBe('eu-west-1');
    expect(regionOfMskBroker('boot-xyz.c1.kafka-serverless.us-gov-west-1.amazonaws.com:9098')).toBe(
      'us-gov-west-1',
    );
    expect(regionOfMskBroker('localhost:9092')).toBeUndefined();
    expect(regionOfMskBroker('kafka.eu-west-1.example.com:9098')).toBeUndefined();
  });
});
