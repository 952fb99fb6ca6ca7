import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { restRequestFromEvent, resultFromRestResponse } from '../../../functions/api/api-gateway.ts';

const base = {
  headers: {},
  multiValueHeaders: {},
  pathParameters: null,
  stageVariables: null,
  resource: '/{proxy+}',
  requestContext: {} as APIGatewayProxyEvent['requestContext'],
};

describe('API Gateway translation', () => {
  it('keeps repeated query parameters, lower-cases headers and decodes base64 bodies', () => {
    const request = restRequestFromEvent({
      ...base,
      httpMethod: 'POST',
      path: '/connectors/a%2Fb/restart',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      queryStringParameters: { expand: 'info', onlyFailed: 'true' },
      multiValueQueryStringParameters: { expand: ['status', 'info'] },
      body: Buffer.from('{"ü":1}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(request).toEqual({
      method: 'POST',
      path: '/connectors/a%2Fb/restart',
      query: { expand: ['status', 'info'], onlyFailed: ['true'] },
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"ü":1}',
    });
  });

  it('passes a missing body as absent and maps responses one to one', () => {
    const request = restRequestFromEvent({
      ...base,
      httpMethod: 'GET',
      path: '/',
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(request).not.toHaveProperty('body');
    expect(resultFromRestResponse({ status: 204, headers: {}, body: '' })).toEqual({
      statusCode: 204,
      headers: {},
      body: '',
    });
  });
});
