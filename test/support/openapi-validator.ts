// Checks real responses against the OpenAPI description: finds the operation for a method and a
// concrete path, takes the response for the status (or the default, Kafka's error body), and
// validates the JSON with its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). A path or method
// the description does not have must have been refused (404 or 405) with Kafka's error body.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../shared/runtime/management/openapi.ts';

interface ResponseObject {
  content?: { 'application/json'?: { schema: unknown } };
}
type Document = {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: unknown;
};

export function openApiValidator(): (
  method: string,
  path: string,
  status: number,
  body: unknown,
) => string[] {
  const document = openApiDocument() as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components: document.components });
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    segments: template.split('/').filter(Boolean),
  }));

  const check = (what: string, schema: unknown, body: unknown): string[] => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"openapi#/components/')));
      compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return [`${what}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`];
  };

  return (method, fullPath, status, body) => {
    const segments = fullPath.split('?')[0]!.split('/').filter(Boolean);
    const match = templates.find(
      (t) =>
        t.segments.length === segments.length &&
        t.segments.every((s, i) => s.startsWith('{') || s === decodeURIComponent(segments[i]!)),
    );
    const operation = match ? document.paths[match.template]![method.toLowerCase()] : undefined;
    if (!match || !operation) {
      if (status !== 404 && status !== 405)
        return [`${method} ${fullPath}: not described, yet answered ${status}`];
      return check(`${method} ${fullPath} ${status}`, { $ref: '#/components/schemas/Error' }, body);
    }
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return [`${method} ${match.template}: status ${status} not described`];
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined)
      return body === undefined
        ? []
        : [`${method} ${match.template} ${status}: a body where none is described`];
    return check(`${method} ${match.template} ${status}`, schema, body);
  };
}
