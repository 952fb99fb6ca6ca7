// org.apache.kafka.connect.transforms.predicates.TopicNameMatches: true when the whole topic name
// matches the Java regular expression `pattern`.
import { ConfigDef } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import type { ConnectRecord } from '../../api/record.ts';
import type { Predicate } from '../../api/transformation.ts';
import { composite, nonEmptyString } from '../../api/validators.ts';
import { validRegex } from '../util/config.ts';
import { compileJavaRegex, type JavaPattern } from '../util/java-regex.ts';

export const topicNameMatchesConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'pattern',
    type: 'STRING',
    validator: composite(nonEmptyString, validRegex),
    importance: 'MEDIUM',
    documentation: "A Java regular expression for matching against the name of a record's topic.",
  });

export class TopicNameMatches implements Predicate {
  #pattern: JavaPattern | null = null;

  config(): ConfigDef {
    return topicNameMatchesConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const pattern = this.config().parse(configs).pattern as string;
    try {
      this.#pattern = compileJavaRegex(pattern);
    } catch (error) {
      throw new ConfigError(
        'pattern',
        pattern,
        `entry must be a Java-compatible regular expression: ${(error as Error).message}`,
      );
    }
  }

  test(record: ConnectRecord): boolean {
    return record.topic !== null && this.#pattern!.matches(record.topic);
  }

  toString(): string {
    return `TopicNameMatches{pattern=${this.#pattern?.source}}`;
  }
}
