// Reads connector definitions the ways Kafka Connect users already write them: the REST API's JSON
// ({"name": ..., "config": {...}}), the flat JSON map, and connect-standalone's .properties files.
import { ConfigError } from '../api/errors.ts';

export interface ConnectorDefinition {
  readonly name: string;
  /** Every value as a string, as Kafka Connect stores them. */
  readonly config: Readonly<Record<string, string>>;
}

/** Parses the body of a connector file; `source` names it in error messages. */
export function parseConnectorDefinition(text: string, source: string): ConnectorDefinition {
  const trimmed = text.trim();
  if (trimmed === '')
    throw new ConfigError(`${source} is empty: expected a connector config in JSON or .properties form`);
  const json = source.endsWith('.json') || trimmed.startsWith('{') || trimmed.startsWith('[');
  const raw = json ? parseJson(trimmed, source) : parseProperties(text);
  return toDefinition(raw, source);
}

function parseJson(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `${source} must hold a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`,
    );
  }
  return parsed as Record<string, unknown>;
}

function toDefinition(raw: Record<string, unknown>, source: string): ConnectorDefinition {
  // REST form: {"name": "x", "config": {...}}; flat form: the config map itself, with "name" in it.
  const nested = typeof raw.config === 'object' && raw.config !== null && !Array.isArray(raw.config);
  const configObject = (nested ? raw.config : raw) as Record<string, unknown>;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(configObject)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      throw new ConfigError(
        key,
        JSON.stringify(value),
        'Connector config values must be strings, numbers or booleans',
      );
    }
    config[key] = String(value);
  }
  const outerName = nested && typeof raw.name === 'string' ? raw.name : undefined;
  const name = (outerName ?? config.name ?? '').trim();
  if (name === '') throw new ConfigError(`${source} has no connector name: set "name"`);
  if (config.name !== undefined && config.name !== name) {
    throw new ConfigError(
      `${source}: connector name "${name}" does not match the config's name "${config.name}"`,
    );
  }
  config.name = name;
  return { name, config };
}

/** java.util.Properties' format: key=value or key:value, # and ! comments, \ line continuations. */
export function parseProperties(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    }
    const match = /^((?:[^=:\s\\]|\\.)*)\s*[=:\s]\s*(.*)$/.exec(line);
    const key = unescapeProperty(match ? match[1]! : line);
    result[key] = match ? unescapeProperty(match[2]!) : '';
  }
  return result;
}

function unescapeProperty(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(Number.parseInt(escaped.slice(1), 16));
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[escaped] ?? escaped;
  });
}
