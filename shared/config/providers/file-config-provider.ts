// org.apache.kafka.common.config.provider.FileConfigProvider: `${file:/path/to/file.properties:key}`
// reads `key` from a Java properties file. `allowed.paths` (comma list) restricts which files may be
// read, as in Kafka (KIP-993); without it any file the process can read is allowed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../api/errors.ts';
import { parseProperties } from '../connector-file.ts';
import type { ConfigProvider } from './config-provider.ts';

export class FileConfigProvider implements ConfigProvider {
  readonly #allowedPaths: readonly string[] | undefined;

  constructor(params: Readonly<Record<string, string>> = {}) {
    const allowed = params['allowed.paths']?.trim();
    this.#allowedPaths = allowed
      ? allowed
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '')
          .map((p) => path.resolve(p))
      : undefined;
  }

  async get(filePath: string, keys: ReadonlySet<string>): Promise<Map<string, string>> {
    if (filePath === '') return new Map();
    const resolved = path.resolve(filePath);
    if (
      this.#allowedPaths &&
      !this.#allowedPaths.some((a) => resolved === a || resolved.startsWith(a + path.sep))
    ) {
      throw new ConfigError(`The path ${filePath} is not allowed to be accessed`);
    }
    let text: string;
    try {
      text = await readFile(resolved, 'utf8');
    } catch {
      throw new ConfigError(`Could not read properties from file ${filePath}`);
    }
    const properties = parseProperties(text);
    const values = new Map<string, string>();
    for (const key of keys) if (key in properties) values.set(key, properties[key]!);
    return values;
  }
}
