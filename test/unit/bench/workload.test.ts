import { describe, expect, it } from 'vitest';
import { datasetSpec, orderJson, orderRecord, totalValueBytes } from '../../../bench/dataset.ts';
import { parseOptions } from '../../../bench/options.ts';
import {
  choosePipeline,
  JSON_CONVERTER,
  pipelineSettings,
  STRING_CONVERTER,
  wantedChain,
} from '../../../bench/pipeline-config.ts';

describe('benchmark records', () => {
  it('are JSON of about the requested size, the same bytes every time', () => {
    for (const i of [0, 7, 999_999]) {
      const text = orderJson(i, 500);
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(495);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(505);
      expect(JSON.parse(text).orderId).toBe(i);
      expect(orderJson(i, 500)).toBe(text);
    }
  });

  it('spread evenly over the partitions, and their sizes add up', () => {
    const spec = datasetSpec(16, 8, 300);
    const partitions = Array.from({ length: 16 }, (_, i) => orderRecord(spec.topic, i, spec).partition);
    expect(partitions.filter((p) => p === 3)).toHaveLength(2);
    const sum = Array.from({ length: 16 }, (_, i) => Buffer.byteLength(orderJson(i, 300))).reduce(
      (a, b) => a + b,
    );
    expect(totalValueBytes(spec)).toBe(sum);
  });
});

describe('the pipeline both sinks run', () => {
  it('is the full chain with JsonConverter when everything exists', () => {
    const choice = choosePipeline(() => true);
    expect(choice.missing).toEqual([]);
    expect(choice.chain).toEqual(wantedChain);
    const settings = pipelineSettings(choice);
    expect(settings['value.converter']).toBe(JSON_CONVERTER);
    expect(settings['value.converter.schemas.enable']).toBe('false');
    expect(settings.transforms).toBe('dropNote,addSource,cast,route');
    expect(settings['transforms.cast.type']).toBe('org.apache.kafka.connect.transforms.Cast$Value');
    expect(settings['transforms.cast.spec']).toBe('quantity:int16,orderId:string');
  });

  it('leaves out what is missing, and value transforms when there is no JSON converter', () => {
    const choice = choosePipeline((className) => className.endsWith('TimestampRouter'));
    expect(choice.valueConverter).toBe(STRING_CONVERTER);
    expect(choice.chain.map((s) => s.alias)).toEqual(['route']);
    expect(choice.missing).toHaveLength(4);
    expect(pipelineSettings(choice)).not.toHaveProperty('value.converter.schemas.enable');
  });
});

describe('options', () => {
  it('default to the full run and accept a quick one', () => {
    expect(parseOptions([], {}).records).toBe(1_000_000);
    const quick = parseOptions(['--records', '100_000', '--only', 'latency'], {});
    expect(quick.records).toBe(100_000);
    expect([...quick.sections]).toEqual(['latency']);
    expect(parseOptions([], { BENCH_RECORDS: '5000' }).records).toBe(5000);
  });

  it('reject what they do not know', () => {
    expect(() => parseOptions(['--only', 'speed'], {})).toThrow(/unknown section "speed"/);
    expect(() => parseOptions(['--records=0'], {})).toThrow(/positive integer/);
  });
});
