import { describe, expect, it } from 'vitest';
import { kafkaConnectionFrom } from '../../../shared/kafka/connection-config.ts';

describe('kafkaConnectionFrom', () => {
  it('reads plaintext brokers', () => {
    expect(kafkaConnectionFrom({ 'bootstrap.servers': 'a:9092, b:9092' }, 'id')).toEqual({
      brokers: ['a:9092', 'b:9092'],
      clientId: 'id',
      ssl: false,
    });
  });

  it('reads SASL/SCRAM over TLS from a JAAS line, as Java clients are configured', () => {
    const connection = kafkaConnectionFrom(
      {
        'bootstrap.servers': 'b-1.msk:9096',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3\\"cret";',
      },
      'id',
    );
    expect(connection).toEqual({
      brokers: ['b-1.msk:9096'],
      clientId: 'id',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 's3"cret' },
    });
  });

  it('names the key that is wrong and never echoes a secret', () => {
    expect(() => kafkaConnectionFrom({}, 'id')).toThrow('"bootstrap.servers"');
    expect(() =>
      kafkaConnectionFrom({ 'bootstrap.servers': 'a:1', 'security.protocol': 'TLS' }, 'id'),
    ).toThrow('Invalid value TLS for configuration security.protocol');
    const error = (() => {
      try {
        kafkaConnectionFrom(
          {
            'bootstrap.servers': 'a:1',
            'security.protocol': 'SASL_SSL',
            'sasl.jaas.config': 'password="p4ss"',
          },
          'id',
        );
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('sasl.jaas.config');
    expect(error?.message).not.toContain('p4ss');
  });
});
