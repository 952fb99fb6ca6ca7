// Translates API Gateway REST proxy events to the router's request and back. Only shapes here: what
// the API means lives in shared/runtime/management/connector-service.ts.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RestRequest, RestResponse } from '../../shared/runtime/management/rest-router.ts';

export function restRequestFromEvent(event: APIGatewayProxyEvent): RestRequest {
  const query: Record<string, readonly string[]> = {};
  for (const [key, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values) query[key] = values;
  }
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined && !(key in query)) query[key] = [value];
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[key.toLowerCase()] = value;
  }
  const body =
    event.body === null || event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  // `path` is the resource path as the client sent it (percent-encoding kept), without the stage.
  return {
    method: event.httpMethod,
    path: event.path,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

export function resultFromRestResponse(response: RestResponse): APIGatewayProxyResult {
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
