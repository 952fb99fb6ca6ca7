// The exception families of Kafka Connect, so that callers can tell a bad config from bad data
// from a transient failure, and so DLQ headers can name an exception class users recognise.

/** Base of every error raised by the engine (Kafka's ConnectException). */
export class ConnectError extends Error {
  /** The Java class name Kafka Connect would report for the same failure. */
  javaClassName = 'org.apache.kafka.connect.errors.ConnectException';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record's data cannot be converted or transformed (Kafka's DataException). */
export class DataError extends ConnectError {
  override javaClassName = 'org.apache.kafka.connect.errors.DataException';
}

/**
 * A schema cannot be built as asked, e.g. a duplicate field name or an invalid default (Kafka's
 * SchemaBuilderException, a DataException).
 */
export class SchemaBuilderError extends DataError {
  override javaClassName = 'org.apache.kafka.connect.errors.SchemaBuilderException';
}

/** A failure worth retrying: the same operation may succeed later (Kafka's RetriableException). */
export class RetriableError extends ConnectError {
  override javaClassName = 'org.apache.kafka.connect.errors.RetriableException';
}

/** A configuration is invalid (Kafka's ConfigException); the message names the key. */
export class ConfigError extends ConnectError {
  override javaClassName = 'org.apache.kafka.common.config.ConfigException';
  readonly key: string | undefined;

  /** `new ConfigError(message)` or, as Kafka words it, `new ConfigError(key, value, reason)`. */
  constructor(...args: [message: string] | [key: string, value: unknown, reason?: string]) {
    if (args.length === 1) {
      super(args[0]);
      this.key = undefined;
    } else {
      const [key, value, reason] = args;
      super(`Invalid value ${String(value)} for configuration ${key}${reason ? `: ${reason}` : ''}`);
      this.key = key;
    }
  }
}

/** A plugin (connector, converter, SMT, predicate) name that resolves to nothing we ship. */
export class PluginNotFoundError extends ConnectError {}

/**
 * A plugin was handed an argument it cannot work with (Java's IllegalArgumentException, e.g.
 * ExtractField on a field the schema lacks). Not a ConnectError, as in Kafka, but it carries the
 * Java class name so DLQ headers and logs name what Kafka would.
 */
export class IllegalArgumentError extends Error {
  readonly javaClassName = 'java.lang.IllegalArgumentException';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Java's IndexOutOfBoundsException, e.g. a replacement naming a group the regex lacks ($2). */
export class IndexOutOfBoundsError extends Error {
  readonly javaClassName = 'java.lang.IndexOutOfBoundsException';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Java's NullPointerException, where Kafka's own code dereferences something missing (HeaderFrom
 * on a field the schema lacks, TimestampConverter reading a string without `format`, JsonConverter
 * writing a map schema without a key schema). Kafka's class reaches users through task traces and
 * the dead letter queue's `__connect.errors.exception.class.name`, so we report the same class;
 * the message says what is missing instead of the JVM's "Cannot invoke ... because ... is null".
 */
export class NullPointerError extends Error {
  readonly javaClassName = 'java.lang.NullPointerException';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
