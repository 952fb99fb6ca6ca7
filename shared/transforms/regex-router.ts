// org.apache.kafka.connect.transforms.RegexRouter: when the whole topic matches `regex`, the topic
// becomes `replacement` (Java's Matcher.replaceFirst syntax: $1, ${name}).
import { ConfigDef } from '../api/config-def.ts';
import type { ConnectRecord } from '../api/record.ts';
import type { Transformation } from '../api/transformation.ts';
import { validRegex } from './util/config.ts';
import { compileJavaRegex, type JavaPattern, JavaReplacement } from './util/java-regex.ts';

export const regexRouterConfigDef = (): ConfigDef =>
  new ConfigDef()
    .define({
      name: 'regex',
      type: 'STRING',
      validator: validRegex,
      importance: 'HIGH',
      documentation: 'Regular expression to use for matching.',
    })
    .define({
      name: 'replacement',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'Replacement string.',
    });

export class RegexRouter implements Transformation {
  #regex: JavaPattern | null = null;
  #replacement: JavaReplacement | null = null;

  config(): ConfigDef {
    return regexRouterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#regex = compileJavaRegex(parsed.regex as string);
    this.#replacement = new JavaReplacement(parsed.replacement as string, this.#regex);
  }

  apply<R extends ConnectRecord>(record: R): R {
    const regex = this.#regex!;
    if (!regex.matches(record.topic)) return record;
    return { ...record, topic: this.#replacement!.replaceFirst(regex, record.topic) };
  }
}
