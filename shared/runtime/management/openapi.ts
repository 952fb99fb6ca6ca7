// An OpenAPI 3.1 description of the REST API: Kafka Connect 4.1's endpoints plus serverless-connect's
// documented additions (the lease view, this document, the console). Served at GET /openapi.json by
// both servers and kept as docs/openapi.json (npm run openapi writes it; a test checks it is in
// step), importable into Postman and Insomnia. Tests check that every route of the router is
// described here and the other way round, and validate the conformance run's real responses against
// these schemas.
import { VERSION } from '../../api/version.ts';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const array = (items: Schema): Schema => ({ type: 'array', items });
const strings = { type: 'object', additionalProperties: { type: 'string' } };
const nullable = (type: string): Schema => ({ type: [type, 'null'] });

const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    description: "Kafka Connect's error body; every 4xx and 5xx has it.",
    required: ['error_code', 'message'],
    properties: { error_code: { type: 'integer' }, message: { type: 'string' } },
  },
  ServerInfo: {
    type: 'object',
    required: ['version', 'commit', 'kafka_cluster_id'],
    properties: {
      version: { type: 'string' },
      commit: { type: 'string' },
      kafka_cluster_id: nullable('string'),
    },
  },
  LoggerLevel: {
    type: 'object',
    required: ['level', 'last_modified'],
    properties: { level: { type: 'string' }, last_modified: nullable('integer') },
  },
  Health: {
    type: 'object',
    required: ['status', 'message'],
    properties: { status: { type: 'string' }, message: { type: 'string' } },
  },
  ConnectorConfig: { ...strings, description: 'Config keys and their values, all strings.' },
  ConnectorType: { type: 'string', enum: ['sink', 'source', 'unknown'] },
  ConnectorTaskId: {
    type: 'object',
    required: ['connector', 'task'],
    properties: { connector: { type: 'string' }, task: { type: 'integer' } },
  },
  ConnectorInfo: {
    type: 'object',
    required: ['name', 'config', 'tasks', 'type'],
    properties: {
      name: { type: 'string' },
      config: ref('ConnectorConfig'),
      tasks: array(ref('ConnectorTaskId')),
      type: ref('ConnectorType'),
    },
  },
  CreateConnectorRequest: {
    type: 'object',
    required: ['name', 'config'],
    properties: {
      name: { type: 'string' },
      config: ref('ConnectorConfig'),
      initial_state: { type: 'string', enum: ['RUNNING', 'PAUSED', 'STOPPED'] },
    },
  },
  State: { type: 'string', enum: ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING'] },
  StateInfo: {
    type: 'object',
    required: ['state', 'worker_id'],
    properties: {
      state: ref('State'),
      worker_id: { type: 'string' },
      trace: { type: 'string' },
      version: { type: 'string' },
      autoscaling: {
        type: 'object',
        description: "serverless-connect: how many tasks run now and the autoscaler's reason.",
        required: ['active_tasks', 'reason'],
        properties: { active_tasks: { type: 'integer' }, reason: { type: 'string' } },
      },
    },
  },
  TaskState: {
    allOf: [ref('StateInfo'), { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }],
  },
  ConnectorStatus: {
    type: 'object',
    required: ['name', 'connector', 'tasks'],
    properties: {
      name: { type: 'string' },
      connector: ref('StateInfo'),
      tasks: array(ref('TaskState')),
      type: ref('ConnectorType'),
    },
  },
  TaskInfo: {
    type: 'object',
    required: ['id', 'config'],
    properties: { id: ref('ConnectorTaskId'), config: ref('ConnectorConfig') },
  },
  ExpandedConnectors: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: ref('ConnectorStatus'), info: ref('ConnectorInfo') },
    },
  },
  Offsets: {
    type: 'object',
    required: ['offsets'],
    properties: {
      offsets: array({
        type: 'object',
        required: ['partition', 'offset'],
        properties: {
          partition: {
            type: 'object',
            description: 'Sinks: kafka_topic, kafka_partition; sources: the source partition.',
          },
          offset: {
            type: ['object', 'null'],
            description: 'Sinks: kafka_offset; sources: the source offset.',
          },
        },
      }),
    },
  },
  Message: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
  ActiveTopics: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['topics'],
      properties: { topics: array({ type: 'string' }) },
    },
  },
  PluginInfo: {
    type: 'object',
    required: ['class', 'type'],
    properties: { class: { type: 'string' }, type: { type: 'string' }, version: { type: 'string' } },
  },
  ConfigKeyInfo: {
    type: 'object',
    required: ['name', 'type', 'required', 'importance', 'documentation', 'order'],
    properties: {
      name: { type: 'string' },
      type: { type: 'string' },
      required: { type: 'boolean' },
      default_value: nullable('string'),
      importance: { type: 'string' },
      documentation: { type: 'string' },
      group: nullable('string'),
      width: { type: 'string' },
      display_name: { type: 'string' },
      dependents: array({ type: 'string' }),
      order: { type: 'integer' },
    },
  },
  ConfigInfos: {
    type: 'object',
    required: ['name', 'error_count', 'groups', 'configs'],
    properties: {
      name: { type: 'string' },
      error_count: { type: 'integer' },
      groups: array({ type: 'string' }),
      configs: array({
        type: 'object',
        required: ['definition', 'value'],
        properties: {
          definition: ref('ConfigKeyInfo'),
          value: {
            type: 'object',
            required: ['name', 'value', 'recommended_values', 'errors', 'visible'],
            properties: {
              name: { type: 'string' },
              value: nullable('string'),
              recommended_values: array({ type: 'string' }),
              errors: array({ type: 'string' }),
              visible: { type: 'boolean' },
            },
          },
        },
      }),
    },
  },
  LeaseView: {
    type: 'object',
    description: "serverless-connect's addition: the lease map (see docs/console.md).",
    required: [
      'name',
      'type',
      'tasks_max',
      'active_tasks',
      'observed_at',
      'records_per_second',
      'partitions',
      'autoscaling',
      'dead_letter_queue',
    ],
    properties: {
      name: { type: 'string' },
      type: ref('ConnectorType'),
      tasks_max: { type: 'integer' },
      active_tasks: { type: 'integer' },
      observed_at: nullable('integer'),
      records_per_second: nullable('number'),
      partitions: array({
        type: 'object',
        required: [
          'topic',
          'partition',
          'assignee',
          'owner_task',
          'epoch',
          'expires_at',
          'committed_offset',
          'end_offset',
          'lag',
          'handover',
        ],
        properties: {
          topic: nullable('string'),
          partition: { type: 'integer' },
          assignee: nullable('integer'),
          owner_task: nullable('integer'),
          epoch: { type: 'integer' },
          expires_at: nullable('integer'),
          committed_offset: nullable('integer'),
          end_offset: nullable('integer'),
          lag: nullable('integer'),
          handover: { type: 'boolean' },
        },
      }),
      autoscaling: {
        type: ['object', 'null'],
        required: ['active_tasks', 'reason', 'history'],
        properties: {
          active_tasks: { type: 'integer' },
          reason: { type: 'string' },
          history: array({
            type: 'object',
            required: ['at', 'active_tasks', 'reason'],
            properties: {
              at: { type: 'integer' },
              active_tasks: { type: 'integer' },
              reason: { type: 'string' },
            },
          }),
        },
      },
      dead_letter_queue: {
        type: ['object', 'null'],
        required: ['topic', 'records'],
        properties: { topic: { type: 'string' }, records: { type: 'integer' } },
      },
    },
  },
};

interface Operation {
  readonly summary: string;
  readonly ok: { readonly status: number; readonly schema?: Schema; readonly description?: string };
  /** Other success answers (e.g. 201 when PUT config creates, 204 for a plain restart). */
  readonly alsoOk?: readonly {
    readonly status: number;
    readonly schema?: Schema;
    readonly description: string;
  }[];
  readonly body?: Schema;
  readonly query?: readonly { name: string; description: string; type?: string; array?: boolean }[];
  readonly addition?: true;
}

const json = (schema: Schema) => ({ 'application/json': { schema } });

function operation(id: string, tag: string, op: Operation): Record<string, unknown> {
  const description = op.addition
    ? "serverless-connect's addition (Kafka Connect has no such endpoint)."
    : undefined;
  return {
    operationId: id,
    tags: [tag],
    summary: op.summary,
    ...(description ? { description } : {}),
    ...(op.query
      ? {
          parameters: op.query.map((q) => ({
            name: q.name,
            in: 'query',
            required: false,
            description: q.description,
            schema: q.array ? array({ type: q.type ?? 'string' }) : { type: q.type ?? 'string' },
            ...(q.array ? { explode: true } : {}),
          })),
        }
      : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses: {
      [String(op.ok.status)]: {
        description: op.ok.description ?? 'Success',
        ...(op.ok.schema ? { content: json(op.ok.schema) } : {}),
      },
      ...Object.fromEntries(
        (op.alsoOk ?? []).map((also) => [
          String(also.status),
          { description: also.description, ...(also.schema ? { content: json(also.schema) } : {}) },
        ]),
      ),
      default: { description: "An error, in Kafka Connect's shape", content: json(ref('Error')) },
    },
  };
}

const connector = { name: 'connector', in: 'path', required: true, schema: { type: 'string' } };
const task = { name: 'task', in: 'path', required: true, schema: { type: 'integer' } };
const plugin = { name: 'plugin', in: 'path', required: true, schema: { type: 'string' } };
const logger = { name: 'logger', in: 'path', required: true, schema: { type: 'string' } };

function path(parameters: readonly Schema[], operations: Record<string, Record<string, unknown>>) {
  return { ...(parameters.length > 0 ? { parameters } : {}), ...operations };
}

/** The OpenAPI document (JSON-ready). */
export function openApiDocument(): Record<string, unknown> {
  const c = 'Connectors';
  const p = 'Plugins';
  const s = 'Server';
  return {
    openapi: '3.1.0',
    info: {
      title: 'serverless-connect REST API',
      version: VERSION,
      description:
        "Apache Kafka Connect 4.1's REST API, served by serverless-connect's standalone worker and its API function behind API Gateway, plus serverless-connect's read-only additions (marked). Standalone: optional bearer token (worker key rest.bearer.token). AWS: IAM authorization, requests signed with SigV4 (service execute-api).",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [
      { url: 'http://127.0.0.1:8083', description: 'standalone worker' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/prod',
        description: 'API Gateway (SigV4)',
        variables: { apiId: { default: 'abc123' }, region: { default: 'eu-west-1' } },
      },
    ],
    security: [{}, { bearerAuth: [] }, { sigv4: [] }],
    tags: [{ name: s }, { name: c }, { name: p }],
    paths: {
      '/': path([], {
        get: operation('serverInfo', s, {
          summary: 'Version and Kafka cluster id',
          ok: { status: 200, schema: ref('ServerInfo') },
        }),
      }),
      '/health': path([], {
        get: operation('health', s, {
          summary: 'Readiness (KIP-1017)',
          ok: { status: 200, schema: ref('Health') },
        }),
      }),
      '/openapi.json': path([], {
        get: operation('openApi', s, {
          summary: 'This document',
          addition: true,
          ok: { status: 200, schema: { type: 'object' } },
        }),
      }),
      '/connectors': path([], {
        get: operation('listConnectors', c, {
          summary: 'Connector names; with expand=status and/or expand=info, a map of name to those views',
          query: [{ name: 'expand', description: 'status, info', array: true }],
          ok: { status: 200, schema: { oneOf: [array({ type: 'string' }), ref('ExpandedConnectors')] } },
        }),
        post: operation('createConnector', c, {
          summary: 'Create a connector',
          body: ref('CreateConnectorRequest'),
          ok: { status: 201, schema: ref('ConnectorInfo') },
        }),
      }),
      '/connectors/{connector}': path([connector], {
        get: operation('getConnector', c, {
          summary: 'Config and tasks',
          ok: { status: 200, schema: ref('ConnectorInfo') },
        }),
        delete: operation('deleteConnector', c, {
          summary: 'Delete a connector',
          ok: { status: 204, description: 'Deleted' },
        }),
      }),
      '/connectors/{connector}/config': path([connector], {
        get: operation('getConnectorConfig', c, {
          summary: 'The stored config',
          ok: { status: 200, schema: ref('ConnectorConfig') },
        }),
        put: operation('putConnectorConfig', c, {
          summary: 'Create or replace the config (201 when created)',
          body: ref('ConnectorConfig'),
          ok: { status: 200, schema: ref('ConnectorInfo') },
          alsoOk: [{ status: 201, schema: ref('ConnectorInfo'), description: 'Created' }],
        }),
        patch: operation('patchConnectorConfig', c, {
          summary: 'Change some keys (null removes one)',
          body: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
          ok: { status: 200, schema: ref('ConnectorInfo') },
        }),
      }),
      '/connectors/{connector}/status': path([connector], {
        get: operation('getConnectorStatus', c, {
          summary: 'Connector and task states',
          ok: { status: 200, schema: ref('ConnectorStatus') },
        }),
      }),
      '/connectors/{connector}/tasks': path([connector], {
        get: operation('getTasks', c, {
          summary: 'Task configs',
          ok: { status: 200, schema: array(ref('TaskInfo')) },
        }),
      }),
      '/connectors/{connector}/tasks/{task}/status': path([connector, task], {
        get: operation('getTaskStatus', c, {
          summary: "A task's state",
          ok: { status: 200, schema: ref('TaskState') },
        }),
      }),
      '/connectors/{connector}/restart': path([connector], {
        post: operation('restartConnector', c, {
          summary: 'Restart the connector (204), or with its tasks (202 with the status, KIP-745)',
          query: [
            { name: 'includeTasks', description: 'also restart the tasks', type: 'boolean' },
            { name: 'onlyFailed', description: 'only what has FAILED', type: 'boolean' },
          ],
          ok: { status: 202, schema: ref('ConnectorStatus') },
          alsoOk: [{ status: 204, description: 'Restarting the connector only' }],
        }),
      }),
      '/connectors/{connector}/tasks/{task}/restart': path([connector, task], {
        post: operation('restartTask', c, {
          summary: 'Restart one task',
          ok: { status: 204, description: 'Restarting' },
        }),
      }),
      '/connectors/{connector}/pause': path([connector], {
        put: operation('pauseConnector', c, {
          summary: 'Pause',
          ok: { status: 202, description: 'Pausing' },
        }),
      }),
      '/connectors/{connector}/resume': path([connector], {
        put: operation('resumeConnector', c, {
          summary: 'Resume',
          ok: { status: 202, description: 'Resuming' },
        }),
      }),
      '/connectors/{connector}/stop': path([connector], {
        put: operation('stopConnector', c, {
          summary: 'Stop (no tasks; offsets may then be changed)',
          ok: { status: 204, description: 'Stopped' },
        }),
      }),
      '/connectors/{connector}/offsets': path([connector], {
        get: operation('getOffsets', c, {
          summary: 'Committed offsets (KIP-875)',
          ok: { status: 200, schema: ref('Offsets') },
        }),
        patch: operation('alterOffsets', c, {
          summary: 'Alter offsets of a stopped connector',
          body: ref('Offsets'),
          ok: { status: 200, schema: ref('Message') },
        }),
        delete: operation('resetOffsets', c, {
          summary: 'Reset offsets of a stopped connector',
          ok: { status: 200, schema: ref('Message') },
        }),
      }),
      '/connectors/{connector}/leases': path([connector], {
        get: operation('getLeases', c, {
          summary:
            'The lease map: owner task, epoch, committed and end offset and lag per partition; autoscaler history',
          addition: true,
          ok: { status: 200, schema: ref('LeaseView') },
        }),
      }),
      '/connectors/{connector}/topics': path([connector], {
        get: operation('getActiveTopics', c, {
          summary: 'Active topics (KIP-558)',
          ok: { status: 200, schema: ref('ActiveTopics') },
        }),
      }),
      '/connectors/{connector}/topics/reset': path([connector], {
        put: operation('resetActiveTopics', c, {
          summary: 'Forget the active topics',
          ok: { status: 202, description: 'Reset' },
        }),
      }),
      '/admin/loggers': path([], {
        get: operation('listLoggers', s, {
          summary: 'Log levels of the known loggers (KIP-495; standalone worker)',
          ok: { status: 200, schema: { type: 'object', additionalProperties: ref('LoggerLevel') } },
        }),
      }),
      '/admin/loggers/{logger}': path([logger], {
        get: operation('getLogger', s, {
          summary: "A logger's level",
          ok: { status: 200, schema: ref('LoggerLevel') },
        }),
        put: operation('setLogLevel', s, {
          summary: 'Set the level of a logger and the loggers below it',
          query: [{ name: 'scope', description: 'cluster: answer 204 without the list' }],
          body: {
            type: 'object',
            required: ['level'],
            properties: { level: { type: 'string' } },
          },
          ok: {
            status: 200,
            schema: array({ type: 'string' }),
            description: 'The loggers whose level changed',
          },
          alsoOk: [{ status: 204, description: 'scope=cluster' }],
        }),
      }),
      '/connector-plugins': path([], {
        get: operation('listPlugins', p, {
          summary: 'Connector plugins (connectorsOnly=false: every plugin)',
          query: [
            {
              name: 'connectorsOnly',
              description: 'false lists converters, SMTs and predicates too',
              type: 'boolean',
            },
          ],
          ok: { status: 200, schema: array(ref('PluginInfo')) },
        }),
      }),
      '/connector-plugins/{plugin}/config': path([plugin], {
        get: operation('getPluginConfig', p, {
          summary: "A plugin's config keys",
          ok: { status: 200, schema: array(ref('ConfigKeyInfo')) },
        }),
      }),
      '/connector-plugins/{plugin}/config/validate': path([plugin], {
        put: operation('validateConfig', p, {
          summary: 'Validate a config without storing it',
          body: ref('ConnectorConfig'),
          ok: { status: 200, schema: ref('ConfigInfos') },
        }),
      }),
    },
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Standalone worker with rest.bearer.token',
        },
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description:
            'AWS Signature Version 4 for API Gateway (service execute-api); Postman and Insomnia have an "AWS Signature" auth type.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
    },
  };
}
