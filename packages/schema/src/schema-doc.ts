/**
 * Reference tables from JSON Schemas (the TypeBox declarations that also validate): one row per field, nested
 * objects and arrays of objects flattened to dotted paths (`author.handle`, `destinations[].url`). The docs for
 * what users send and configure are generated from here, so a field added to a schema shows up in the docs (and the
 * docs test fails until they are regenerated).
 */

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

const literals = (s: JsonSchema): unknown[] | undefined =>
  s.enum ?? (s.anyOf?.every((x) => x.const !== undefined) ? s.anyOf.map((x) => x.const) : undefined);

function typeOf(s: JsonSchema): string {
  const lit = literals(s);
  if (lit) return lit.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'integer') return 'integer';
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function constraintsOf(s: JsonSchema): string {
  const c: string[] = [];
  if (s.format) c.push(`format ${s.format}`);
  if (s.minLength !== undefined && s.maxLength !== undefined) c.push(`${s.minLength}–${s.maxLength} chars`);
  else if (s.maxLength !== undefined) c.push(`≤ ${s.maxLength} chars`);
  else if (s.minLength !== undefined) c.push(`≥ ${s.minLength} chars`);
  if (s.pattern) c.push(`matches \`${s.pattern}\``);
  if (s.minimum !== undefined) c.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) c.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined) c.push(`≥ ${s.minItems} items`);
  if (s.maxItems !== undefined) c.push(`≤ ${s.maxItems} items`);
  if (s.type === 'array' && s.items && s.items.type !== 'object') {
    const each = constraintsOf(s.items);
    if (each) c.push(`each: ${each}`);
  }
  return c.join('; ');
}

/** Every field of an object schema, depth first, in declaration order. */
export function schemaFields(schema: JsonSchema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push({
      path,
      type: typeOf(field),
      required: required.has(name),
      constraints: constraintsOf(field),
      description: field.description ?? '',
    });
    if (field.type === 'object' && field.properties) rows.push(...schemaFields(field, `${path}.`));
    if (field.type === 'array' && field.items?.type === 'object' && field.items.properties)
      rows.push(...schemaFields(field.items, `${path}[].`));
  }
  return rows;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table of `schemaFields`. A field without a description fails: the docs would not say what it is. */
export function renderSchemaTable(schema: object): string {
  const rows = schemaFields(schema as JsonSchema);
  const missing = rows.filter((r) => !r.description).map((r) => r.path);
  if (missing.length) throw new Error(`schema fields without a description: ${missing.join(', ')}`);
  return [
    '| Field | Type | Required | Constraints | What it is |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.path}\` | ${r.type.includes('\\|') ? r.type : cell(r.type)} | ${r.required ? 'yes' : 'no'} | ${cell(r.constraints)} | ${cell(r.description)} |`,
    ),
    '',
  ].join('\n');
}
