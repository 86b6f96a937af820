import type { ConfigSpec, Setting } from './spec.js';

function describeDefault(s: Setting): string {
  if (s.required) return 'required';
  if (s.default === undefined) return 'unset';
  if (s.type === 'secret') return '(secret)';
  return Array.isArray(s.default) ? s.default.join(',') || '(empty)' : String(s.default);
}

function typeHint(s: Setting): string {
  if (s.type === 'enum') return s.values.join('|');
  if (s.type === 'brokers') return 'host:port[,host:port]';
  if (s.type === 'bool') return '';
  return `<${s.type}>`;
}

/** `--help` text for a command, derived from the same declarations that validate. */
export function renderHelp(usage: string, summary: string, spec: ConfigSpec): string {
  const lines = [`Usage: ${usage}`, '', summary, '', 'Options (flag, environment variable, default):'];
  for (const s of Object.values(spec)) {
    lines.push(`  ${`${s.flag} ${typeHint(s)}`.trim()}`);
    lines.push(`      ${s.description}`);
    lines.push(`      env ${s.env}; default: ${describeDefault(s)}`);
  }
  lines.push('  --help', '      Print this help.');
  return lines.join('\n');
}

/** One markdown table per command for docs/configuration.md. */
export function renderMarkdown(title: string, spec: ConfigSpec): string {
  const rows = Object.values(spec).map(
    (s) =>
      `| \`${s.env}\` | \`${s.flag}\` | ${s.type === 'enum' ? s.values.join(' \\| ') : s.type} | ${describeDefault(s).replace(/\|/g, '\\|')} | ${s.description} |`,
  );
  return [
    `### ${title}`,
    '',
    '| env | flag | type | default | description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
