// A stand-in for API Gateway with IAM authorization, on 127.0.0.1: it checks each request's SigV4
// signature the way API Gateway does (recomputed with the AWS SDK's signer from the signed headers,
// for the expected credentials, region and service), answers 403 when it does not hold, and passes
// the others to the API function's handler as REST proxy events under a stage prefix.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { NodeSha256 } from '../../shared/aws/sigv4.ts';

export interface SignedRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly host: string | undefined;
  /** From the Authorization header's credential scope. */
  readonly accessKeyId?: string;
  readonly region?: string;
  readonly service?: string;
  readonly signedHeaders?: readonly string[];
  readonly valid: boolean;
}

export interface GatewayStandIn {
  /** The invoke URL, with the stage. */
  readonly url: string;
  readonly requests: SignedRequestRecord[];
  close(): Promise<void>;
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export async function startGatewayStandIn(options: {
  readonly handler: Handler;
  readonly stage: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<GatewayStandIn> {
  const requests: SignedRequestRecord[] = [];
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const authorization = String(request.headers.authorization ?? '');
      const parsed =
        /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
          authorization,
        );
      let valid = false;
      if (parsed) {
        const signedHeaders = parsed[5]!.split(';');
        const headers: Record<string, string> = {};
        for (const name of signedHeaders) headers[name] = String(request.headers[name] ?? '');
        const amzDate = String(request.headers['x-amz-date'] ?? '');
        const signingDate = new Date(
          amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
        );
        const query: Record<string, string> = {};
        for (const [key, value] of url.searchParams) query[key] = value;
        const expected = await signer.sign(
          {
            method: request.method ?? 'GET',
            protocol: 'http:',
            hostname: (request.headers.host ?? '').split(':')[0]!,
            path: url.pathname,
            query,
            headers,
            ...(body.length > 0 ? { body } : {}),
          },
          { signingDate },
        );
        valid =
          parsed[1] === options.credentials.accessKeyId &&
          parsed[3] === options.region &&
          parsed[4] === 'execute-api' &&
          signedHeaders.includes('host') &&
          String(expected.headers.authorization) === authorization;
      }
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname + url.search,
        host: request.headers.host,
        valid,
        ...(parsed
          ? {
              accessKeyId: parsed[1]!,
              region: parsed[3]!,
              service: parsed[4]!,
              signedHeaders: parsed[5]!.split(';'),
            }
          : {}),
      });
      if (!valid || !url.pathname.startsWith(`/${options.stage}/`)) {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'The request signature we calculated does not match' }));
        return;
      }
      const multiValueQueryStringParameters: Record<string, string[]> = {};
      for (const [key, value] of url.searchParams)
        multiValueQueryStringParameters[key] = [...(multiValueQueryStringParameters[key] ?? []), value];
      const event = {
        httpMethod: request.method ?? 'GET',
        // As API Gateway passes it: the resource path without the stage.
        path: url.pathname.slice(options.stage.length + 1),
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        multiValueHeaders: {},
        queryStringParameters: Object.fromEntries(
          Object.entries(multiValueQueryStringParameters).map(([k, v]) => [k, v[0]!]),
        ),
        multiValueQueryStringParameters,
        body: body.length > 0 ? body.toString('utf8') : null,
        isBase64Encoded: false,
        pathParameters: null,
        stageVariables: null,
        resource: '/{proxy+}',
        requestContext: {} as APIGatewayProxyEvent['requestContext'],
      } as APIGatewayProxyEvent;
      const context = {
        functionName: 'api',
        awsRequestId: `req-${requests.length}`,
        invokedFunctionArn: `arn:aws:lambda:${options.region}:000000000000:function:api`,
        getRemainingTimeInMillis: () => 30_000,
      } as unknown as Context;
      const result = await options.handler(event, context);
      response.writeHead(result.statusCode, result.headers as Record<string, string>);
      response.end(result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${options.stage}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
