import { describe, expect, it } from 'vitest';
import { loadConfig } from '@vakt/config/load';
import { renderHelp } from '@vakt/config/help';
import type { ConfigSpec } from '@vakt/config/spec';

const spec = {
  brokers: {
    env: 'KAFKA_BROKERS',
    flag: '--kafka-brokers',
    type: 'brokers',
    default: ['127.0.0.1:9092'],
    description: 'Kafka bootstrap servers',
  },
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

describe('warnings and cross-setting checks', () => {
  it('warns when a flag overrides a different environment value, and not when they agree', () => {
    const r = loadConfig(spec, { argv: ['--port', '9000'], env: { PORT: '7000', VAKT_MODE: 'b' } });
    expect(r.ok && r.value.warnings).toEqual(['--port overrides PORT ("7000"): remove one of them']);
    const same = loadConfig(spec, { argv: ['--port', '9000'], env: { PORT: '9000' } });
    expect(same.ok && same.value.warnings).toEqual([]);
  });

  it('never echoes a secret it warns about', () => {
    const secretSpec = {
      key: { env: 'KEY', flag: '--key', type: 'secret', default: '', description: 'Key' },
    } satisfies ConfigSpec;
    const r = loadConfig(secretSpec, { argv: ['--key', 'flag-hemlig'], env: { KEY: 'env-hemlig' } });
    expect(r.ok && r.value.warnings).toEqual(['--key overrides KEY: remove one of them']);
  });

  it('runs checks on the parsed, frozen values: their problems fail the load with the others, their warnings are returned', () => {
    const seen: unknown[] = [];
    const checks = [
      (c: { port: number; demo: boolean }) => {
        seen.push(Object.isFrozen(c));
        return c.port === 0 && c.demo
          ? { problems: ['PORT=0 with VAKT_DEMO: the demo needs a fixed port; set PORT'] }
          : {};
      },
      (c: { mode: string }) => ({ warnings: c.mode === 'b' ? ['VAKT_MODE=b is legal but odd'] : [] }),
    ];
    const warned = loadConfig(spec, { argv: [], env: { VAKT_MODE: 'b' } }, checks);
    expect(warned.ok && warned.value.warnings).toEqual(['VAKT_MODE=b is legal but odd']);
    expect(seen).toEqual([true]);
    const failed = loadConfig(spec, { argv: [], env: { PORT: '0' } }, checks);
    expect(!failed.ok && failed.error.context['problems']).toEqual([
      'PORT=0 with VAKT_DEMO: the demo needs a fixed port; set PORT',
    ]);
  });

  it('does not run checks over values that failed to parse (they would see undefined)', () => {
    let ran = false;
    const r = loadConfig(spec, { argv: [], env: { PORT: 'x' } }, [() => ((ran = true), {})]);
    expect(r.ok).toBe(false);
    expect(ran).toBe(false);
  });
});

describe('composeSpec', () => {
  it('joins any number of fragments in order and refuses a key declared twice', async () => {
    const { composeSpec } = await import('@vakt/config/spec');
    const a = { port: spec.port } satisfies ConfigSpec;
    const b = { demo: spec.demo } satisfies ConfigSpec;
    const c = { mode: spec.mode } satisfies ConfigSpec;
    expect(Object.keys(composeSpec(a, b, c))).toEqual(['port', 'demo', 'mode']);
    expect(() => composeSpec(a, b, { port: spec.port })).toThrow('config key "port" is declared twice');
  });
});
