// Reads an MSK IAM token (base64url of a SigV4-presigned URL) and checks its signature with
// node:crypto, independently of the signer library, following AWS's presigned-URL rules.
import { createHash, createHmac } from 'node:crypto';

export interface DecodedMskToken {
  readonly url: URL;
  readonly params: Map<string, string>;
}

export function decodeMskToken(token: string): DecodedMskToken {
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  return { url, params: new Map(url.searchParams) };
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (AWS's UriEncode). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** Recomputes X-Amz-Signature from the other parameters and the secret key. */
export function expectedSignature(token: DecodedMskToken, secretAccessKey: string): string {
  const { url, params } = token;
  // User-Agent is appended after signing, so it is not part of the signed query.
  const signed = [...params].filter(([k]) => k !== 'X-Amz-Signature' && k !== 'User-Agent');
  const query = signed
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', '/', query, `host:${url.hostname}`, '', 'host', sha256('')].join('\n');
  const [, date, region, service] = /^[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(
    params.get('X-Amz-Credential') ?? '',
  ) ?? [undefined, '', '', ''];
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', params.get('X-Amz-Date'), scope, sha256(canonicalRequest)].join(
    '\n',
  );
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date ?? ''), region ?? ''), service ?? ''),
    'aws4_request',
  );
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
