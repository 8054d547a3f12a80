/** The wording of structure findings about values (enum, type, pattern, sizes), and placeholders for missing keys. */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './json/dsl.js';
import type { Issue, Segment } from './issue.js';
import { resolveRef, type Json } from './schemaWalk.js';
import { closest, formatList } from './suggest.js';

export function valueIssue(e: ErrorObject, path: Segment[], value: Json, keyName: string, params: Record<string, unknown>, parent: JsonSchema | undefined, root: JsonSchema): Issue | undefined {
  const shown = show(value);
  switch (e.keyword) {
    case 'enum': {
      const allowed = ((params.allowedValues as unknown[]) ?? []).map(String);
      const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
      const list = allowed.length === 1 ? `It must be \`${allowed[0]}\`.` : `Allowed: ${formatList(allowed, 40)}.`;
      const message = `${shown} is not a valid \`${keyName}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} ${list}`;
      const replacements = suggestion ? [suggestion, ...allowed.filter((a) => a !== suggestion).slice(0, allowed.length <= 8 ? 8 : 0)] : allowed.length <= 8 ? allowed : [];
      return { kind: 'value', code: 'CL023', path, message, replacements };
    }
    case 'type': {
      const expected = String(params.type).split(',').map(typeWord).join(' or ');
      // YAML 1.1 habits (`yes`, `on`, `"true"`) are text in YAML 1.2: offer the boolean they meant.
      const meant = params.type === 'boolean' && typeof value === 'string' ? (/^(y|yes|on|true)$/i.test(value) ? 'true' : /^(n|no|off|false)$/i.test(value) ? 'false' : undefined) : undefined;
      return { kind: 'value', code: 'CL022', path, message: `\`${keyName}\` must be ${expected}, but it is ${describeValue(value)}.${meant ? ` Did you mean \`${meant}\`?` : ''}`, replacements: meant ? [meant] : undefined };
    }
    case 'pattern':
    case 'format': {
      const desc = firstSentence(parent ? (resolveRef(root, parent).description as string | undefined) : undefined);
      return { kind: 'value', code: 'CL024', path, message: `${shown} is not a valid \`${keyName}\`${e.keyword === 'format' ? ` (expected format: ${String(params.format)})` : ''}.${desc ? ` ${desc}` : ''}` };
    }
    case 'uniqueItems': {
      const [i, j] = [Number(params.i), Number(params.j)];
      const [later, earlier] = i > j ? [i, j] : [j, i];
      return { kind: 'duplicateItem', code: 'CL025', path: [...path, later], message: `Duplicate item in \`${keyName}\`: item ${later + 1} is the same as item ${earlier + 1}; each item must be different.` };
    }
    case 'minItems':
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\` needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, but it has ${Array.isArray(value) ? value.length : 0}.` };
    case 'maxItems':
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\` takes at most ${String(params.limit)} items, but it has ${Array.isArray(value) ? value.length : 0}.` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\` must be ${String(params.comparison)} ${String(params.limit)}, but it is ${shown}.` };
    default:
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\`: ${e.message ?? 'does not meet the schema'}.` };
  }
}

export function placeholderFor(root: JsonSchema, schema: JsonSchema | undefined): string {
  if (!schema) return 'TODO';
  const s = resolveRef(root, schema);
  if (Array.isArray(s.enum) && s.enum.length && s.enum.length <= 8) return String(s.enum[0]);
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (t) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    default:
      return 'TODO';
  }
}

export function firstSentence(text: unknown): string {
  if (typeof text !== 'string') return '';
  const re = /[.!?](?=\s|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // "e.g." and "i.e." end no sentence.
    if (/\b(e\.g|i\.e|etc)$/.test(text.slice(0, m.index))) continue;
    return text.slice(0, m.index + 1).trim();
  }
  return text.trim();
}

function typeWord(t: string): string {
  return ({ string: 'a text', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`', array: 'a list', object: 'a mapping (key: value pairs)', null: 'empty' } as Record<string, string>)[t] ?? t;
}

function describeValue(v: Json): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${show(v)}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return `the number ${v}`;
}

function show(v: Json): string {
  if (typeof v === 'string') return `\`${v.length > 60 ? v.slice(0, 57) + '…' : v}\``;
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'object') return Array.isArray(v) ? 'the list' : 'the mapping';
  return `\`${String(v)}\``;
}

