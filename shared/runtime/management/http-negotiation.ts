// What Kafka Connect's REST server (Jetty 12 + Jersey) refuses before a resource method runs, with the
// same status codes: request targets Jetty finds ambiguous or suspicious (400), bodies that are not
// JSON (415, Jersey's @Consumes) and clients that accept no JSON (406, Jersey's @Produces).
import { RestError } from './rest-error.ts';

const HEX_ESCAPE = /^%[0-9a-fA-F]{2}$/;

/**
 * The path's segments, decoded. Jetty answers 400 for an encoded '/' (`%2F`), an empty segment
 * (`//`), a `.` or `..` segment, an encoded '%' (`%25`) or a backslash; Jersey drops matrix
 * parameters (`;x`) from each segment. A single trailing '/' is ignored, as Jersey does.
 */
export function pathSegments(rawPath: string): string[] {
  const raw = rawPath.split('/');
  if (raw[0] === '') raw.shift();
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  return raw.map((segment) => {
    if (segment === '') throw ambiguous('Ambiguous URI empty segment');
    if (segment.includes('\\') || /%5c/i.test(segment)) throw ambiguous('Suspicious Path Character');
    if (/%2f/i.test(segment)) throw ambiguous('Ambiguous URI path separator');
    if (/%25/.test(segment)) throw ambiguous('Ambiguous URI path encoding');
    if (/%(?![0-9a-fA-F]{2})/.test(segment) || /%00/.test(segment)) throw ambiguous('Bad Request');
    const withoutMatrix = segment.split(';')[0]!;
    let decoded: string;
    try {
      decoded = decodeURIComponent(withoutMatrix);
    } catch {
      throw ambiguous('Bad UTF-8 encoding');
    }
    if (decoded === '.' || decoded === '..') throw ambiguous('Ambiguous URI path segment');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what Jetty refuses
    if (/[\u0000-\u001f\u007f]/.test(decoded)) throw ambiguous('Suspicious Path Character');
    return decoded;
  });
}

const ambiguous = (message: string) => new RestError(400, message);

/** The media type of a Content-Type or Accept entry: lower case, without parameters. */
const mediaType = (value: string) => value.split(';')[0]!.trim().toLowerCase();

/**
 * Jersey's @Consumes(application/json): a Content-Type other than JSON gets 415, and so does a body
 * sent without one (Jersey takes it for application/octet-stream).
 */
export function checkConsumesJson(contentType: string | undefined, body: string | undefined): void {
  const unsupported =
    contentType === undefined
      ? body !== undefined && body !== ''
      : mediaType(contentType) !== 'application/json';
  if (unsupported) throw new RestError(415, 'HTTP 415 Unsupported Media Type');
}

/** Jersey's @Produces(application/json): an Accept header that admits no JSON gets 406. */
export function checkProducesJson(accept: string | undefined): void {
  if (accept === undefined || accept.trim() === '') return;
  const acceptable = accept
    .split(',')
    .map(mediaType)
    .some((range) => range === '*/*' || range === 'application/*' || range === 'application/json');
  if (!acceptable) throw new RestError(406, 'HTTP 406 Not Acceptable');
}

/**
 * A path segment as JAX-RS's UriBuilder.path writes it in a Location header: characters allowed in a
 * segment stay (RFC 3986's unreserved, sub-delims, ':' and '@'), valid %XX escapes stay, anything
 * else is UTF-8 percent-encoded.
 */
export function encodePathSegment(segment: string): string {
  let result = '';
  let index = 0;
  while (index < segment.length) {
    const hexEscape = segment.slice(index, index + 3);
    if (HEX_ESCAPE.test(hexEscape)) {
      result += hexEscape;
      index += 3;
      continue;
    }
    const char = String.fromCodePoint(segment.codePointAt(index)!);
    result += /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/.test(char) ? char : encodeURIComponent(char);
    index += char.length;
  }
  return result;
}
