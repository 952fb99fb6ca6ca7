// SigV4 for Amazon OpenSearch Service: the AWS SDK's signer over our node:crypto hash signs what
// the transport sends (method, path, query, host, body hash), for es and aoss alike.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../../shared/aws/sigv4.ts';

describe('SigV4 request signing', () => {
  it('signs with static keys: the service, region and body hash are in the signature', async () => {
    const sign = await createSigner({
      region: 'eu-west-1',
      service: 'es',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });
    const body = Buffer.from('{"index":{"_index":"orders","_id":"1"}}\n{"a":1}\n');
    const headers = await sign({
      method: 'POST',
      url: new URL('https://search-orders.eu-west-1.es.amazonaws.com/_bulk?filter_path=errors'),
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);

    // Another body is another signature.
    const other = await sign({
      method: 'POST',
      url: new URL('https://search-orders.eu-west-1.es.amazonaws.com/_bulk?filter_path=errors'),
      headers: { 'content-type': 'application/x-ndjson' },
      body: Buffer.from('{}\n'),
    });
    expect(other.authorization).not.toBe(headers.authorization);
  });

  it('signs for OpenSearch Serverless (aoss) too', async () => {
    const sign = await createSigner({
      region: 'us-east-1',
      service: 'aoss',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
    });
    const headers = await sign({
      method: 'GET',
      url: new URL('https://abc.us-east-1.aoss.amazonaws.com/'),
      headers: {},
      body: undefined,
    });
    expect(headers.authorization).toContain('/us-east-1/aoss/aws4_request');
  });
});
