import { describe, expect, it } from 'vitest';
import { loadConfig } from '@vakt/config/load';
import { renderHelp } from '@vakt/config/help';
import type { ConfigSpec } from '@vakt/config/spec';

const spec = {
  brokers: { env: 'KAFKA_BROKERS', flag: '--kafka-brokers', type: 'brokers', default: ['127.0.0.1:9092'], description: 'Kafka bootstrap servers' },
  port: { env: 'PORT', flag: '--port', type: 'int', default: 8080, min: 0, max: 65535, description: 'HTTP port' },
  demo: { env: 'VAKT_DEMO', flag: '--demo', type: 'bool', default: true, description: 'Run the demo feed' },
  mode: { env: 'VAKT_MODE', flag: '--mode', type: 'enum', values: ['a', 'b'], default: 'a', description: 'Mode' },
  url: { env: 'CLICKHOUSE_URL', flag: '--clickhouse-url', type: 'url', description: 'ClickHouse URL' },
} satisfies ConfigSpec;

describe('loadConfig', () => {
  it.each([
    // defaults apply when nothing is set
    ['defaults', [], {}, { brokers: ['127.0.0.1:9092'], port: 8080, demo: true }],
    // flags win over env
    ['flag over env', ['--port', '9000'], { PORT: '7000' }, { port: 9000 }],
    // --no-x negates a boolean
    ['negated bool', ['--no-demo'], {}, { demo: false }],
    ['env bool', [], { VAKT_DEMO: 'false' }, { demo: false }],
    ['brokers list', [], { KAFKA_BROKERS: 'a:1, b:2' }, { brokers: ['a:1', 'b:2'] }],
  ])('%s', (_n, argv, env, expected) => {
    const r = loadConfig(spec, { argv, env });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.config).toMatchObject(expected);
  });

  it('names the bad setting and the expected shape, and reports every problem at once', () => {
    const r = loadConfig(spec, { argv: ['--mode', 'c', '--bogus'], env: { KAFKA_BROKERS: 'kafka', PORT: 'x' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VAKT_CONFIG_INVALID');
    expect(r.error.message).toContain('KAFKA_BROKERS: expected host:port[,host:port], got "kafka"');
    expect(r.error.message).toContain('PORT: expected an integer, got "x"');
    expect(r.error.message).toContain('--mode: expected one of a|b, got "c"');
    expect(r.error.message).toContain('unknown flag --bogus');
  });

  it('freezes the result', () => {
    const r = loadConfig(spec, { argv: [], env: {} });
    if (!r.ok) throw r.error;
    expect(Object.isFrozen(r.value.config)).toBe(true);
    expect(Object.isFrozen(r.value.config.brokers)).toBe(true);
  });

  it('keeps positionals', () => {
    const r = loadConfig(spec, { argv: ['file.jsonl', '--port', '1'], env: {} });
    if (!r.ok) throw r.error;
    expect(r.value.positionals).toEqual(['file.jsonl']);
  });

  it('derives help from the same declarations', () => {
    const help = renderHelp('vakt x', 'Does x.', spec);
    expect(help).toContain('--kafka-brokers host:port[,host:port]');
    expect(help).toContain('env KAFKA_BROKERS; default: 127.0.0.1:9092');
  });
});
