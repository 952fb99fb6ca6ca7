import { describe, expect, it } from 'vitest';
import { parseConnectorDefinition, parseProperties } from '../../../shared/config/connector-file.ts';

describe('connector files', () => {
  it('reads the REST form, the flat form and .properties alike', () => {
    const rest = parseConnectorDefinition(
      '{"name":"a","config":{"connector.class":"FileStreamSink","tasks.max":2}}',
      'a.json',
    );
    const flat = parseConnectorDefinition(
      '{"name":"a","connector.class":"FileStreamSink","tasks.max":"2"}',
      'a.json',
    );
    const props = parseConnectorDefinition(
      'name=a\nconnector.class=FileStreamSink\n# comment\ntasks.max = 2\n',
      'a.properties',
    );
    for (const definition of [rest, flat, props]) {
      expect(definition).toEqual({
        name: 'a',
        config: { name: 'a', 'connector.class': 'FileStreamSink', 'tasks.max': '2' },
      });
    }
  });

  it('explains what is wrong with a file', () => {
    expect(() => parseConnectorDefinition('', 'x.json')).toThrow('x.json is empty');
    expect(() => parseConnectorDefinition('{"name": ', 'x.json')).toThrow('x.json is not valid JSON');
    expect(() => parseConnectorDefinition('[1]', 'x.json')).toThrow(
      'x.json must hold a JSON object, got an array',
    );
    expect(() => parseConnectorDefinition('{"config":{"a":"b"}}', 'x.json')).toThrow(
      'x.json has no connector name',
    );
    expect(() => parseConnectorDefinition('{"name":"a","config":{"name":"b"}}', 'x.json')).toThrow(
      'does not match',
    );
    expect(() => parseConnectorDefinition('{"name":"a","config":{"k":{"nested":1}}}', 'x.json')).toThrow(
      'Invalid value {"nested":1} for configuration k',
    );
  });

  it('parses java.util.Properties escapes and continuations', () => {
    expect(parseProperties('a\\ b = x\\ty\nlong = one \\\n   two\nc:3\n! bang comment\nu=\\u00e9')).toEqual({
      'a b': 'x\ty',
      long: 'one two',
      c: '3',
      u: 'é',
    });
  });
});
