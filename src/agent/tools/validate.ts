// Tool-call arguments come from the model as a JSON string: they may be malformed, of the wrong types,
// or missing. Every problem becomes a message for Grok; nothing here throws.
import type { JsonSchema } from './toolTypes';

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** An empty string is `{}` (xAI sends that for tools without parameters). */
export function parseArguments(raw: string, schema: JsonSchema): Parsed {
  let value: unknown;
  const text = raw.trim();
  if (text === '') value = {};
  else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { ok: false, message: `The arguments are not valid JSON (${why}). Send one JSON object matching the tool's parameters.` };
    }
  }
  const problems: string[] = [];
  check(value, schema, 'arguments', problems);
  if (problems.length > 0) return { ok: false, message: `Invalid arguments: ${problems.slice(0, 5).join('; ')}.` };
  return { ok: true, value: value as Record<string, unknown> };
}

function check(value: unknown, schema: JsonSchema, where: string, problems: string[]): void {
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where} must be an object, got ${describe(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (record[key] === undefined) problems.push(`"${key}" is required`);
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (record[key] !== undefined && record[key] !== null) check(record[key], sub, `"${key}"`, problems);
      }
      if (schema.additionalProperties === false) {
        const unknown = Object.keys(record).filter((k) => !(k in (schema.properties ?? {})));
        if (unknown.length > 0) problems.push(`unknown ${unknown.length > 1 ? 'properties' : 'property'} ${unknown.map((k) => `"${k}"`).join(', ')}`);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where} must be an array, got ${describe(value)}`);
      else {
        if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${where} needs at least ${schema.minItems} item(s)`);
        if (schema.items) value.forEach((item, i) => check(item, schema.items as JsonSchema, `${where}[${i}]`, problems));
      }
      return;
    case 'string':
      if (typeof value !== 'string') problems.push(`${where} must be a string, got ${describe(value)}`);
      else if (schema.enum && !schema.enum.includes(value)) problems.push(`${where} must be one of ${schema.enum.join(', ')}`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) {
        problems.push(`${where} must be ${schema.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`);
      } else if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${where} must be at least ${schema.minimum}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${where} must be true or false, got ${describe(value)}`);
      return;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
