/**
 * ajv errors → one Issue per real problem, still position-free (an instance path, not offsets).
 *
 * What is dropped or merged, and why:
 *  - `if` errors only say "the then-branch failed"; the then-branch's own errors say what failed.
 *  - When an if/then branch fails, ajv no longer counts the keys it declares as evaluated, and reports each of them
 *    as an unevaluated (unknown) key. Such a key is known to the schema: it is noise while another error explains
 *    the object, and otherwise it is a key of another branch (a `stagingDir` on a `postgres` server).
 *  - The operator rule (exactly one of mustBe, mustNotBe, …) gives one `required` error per operator plus an anyOf
 *    error: merged into "needs one of"; a second operator gives one error per operator present: merged.
 */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './json/dsl.js';
import { OPERATOR_NAMES } from './json/odcsQuality.js';
import { applicable, conditionHolds, keysOf, resolveRef, schemaAtPath, type Json } from './schemaWalk.js';
import { closest, formatList } from './suggest.js';
import { firstSentence, placeholderFor, valueIssue } from './messages.js';

export type { Issue, Segment } from './issue.js';
import type { Issue, Segment } from './issue.js';

export function splitPointer(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function valueAt(doc: Json, path: readonly Segment[]): Json {
  let v = doc;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, Json>)[String(seg)];
  }
  return v;
}

const isPrefix = (a: readonly Segment[], b: readonly Segment[]) => a.length <= b.length && a.every((s, i) => String(s) === String(b[i]));

/**
 * `newer`: when the document declares an older version (v3.0/v3.1), the v3.2 schema, to recognise keys and values
 * that are fine in v3.2 and say so ("`enum` is new in v3.2.0") instead of only "unknown".
 */
export interface Newer {
  root: JsonSchema;
  version: string;
}

/** `errors` carry instance paths relative to `base` inside `doc`; `root` is the rule set's complete schema. */
export function interpretErrors(errors: readonly ErrorObject[], base: readonly Segment[], doc: Json, root: JsonSchema, newer?: Newer): Issue[] {
  const withPath = errors.filter((e) => e.keyword !== 'if').map((e) => ({ e, path: [...base, ...splitPointer(e.instancePath)] as Segment[] }));
  const explained = withPath.filter(({ e }) => e.keyword !== 'unevaluatedProperties' && e.keyword !== 'additionalProperties');
  const issues: Issue[] = [];
  for (const { e, path } of withPath) {
    const issue = interpretOne(e, path, doc, root, explained.map((x) => x.path), newer);
    if (issue) issues.push(issue);
  }
  return mergeMissing(dropMisspeltRequired(dedupe(issues)));
}

/** `nmae: orders` is one problem: the unknown key (with its rename fix) explains the missing `name`. */
function dropMisspeltRequired(issues: Issue[]): Issue[] {
  const misspelt = new Set(issues.flatMap((i) => (i.kind === 'unknownKey' && i.suggestion ? [`${i.path.join('/')}|${i.suggestion}`] : [])));
  return issues.filter((i) => !(i.kind === 'missingKey' && misspelt.has(`${i.path.join('/')}|${i.key}`)));
}

function interpretOne(e: ErrorObject, path: Segment[], doc: Json, root: JsonSchema, explainedPaths: Segment[][], newer?: Newer): Issue | undefined {
  const params = e.params as Record<string, unknown>;
  const value = valueAt(doc, path);
  const keyName = path.length ? String(path[path.length - 1]) : 'the document';
  // The schema of the object at this path, found from the path (not from ajv's `verbose` output: the validators may be
  // precompiled standalone code, and the path gives the same answer).
  const parent = schemaAtPath(root, path, doc)?.schema;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = parent ? keysOf(root, applicable(root, parent, value)).map((k) => k.name) : [];
      const otherBranch = parent ? branchDeclaring(root, parent, key) ?? optionOfOtherType(root, doc, path, key) : undefined;
      // A key of another branch while the discriminator itself is wrong or missing (`type: mongodb`): the
      // discriminator's own error is the one problem; with a valid discriminator the key is misplaced and reported.
      if (e.keyword === 'unevaluatedProperties' && otherBranch && !discriminatorHolds(root, parent!, value, otherBranch.key) && explainedPaths.some((p) => isPrefix(path, p))) return undefined;
      if (allowed.includes(key)) return undefined; // declared by a branch that applies: reported through that branch
      if (newer && allowedIn(newer.root, doc, path).includes(key)) {
        return { kind: 'unknownKey', code: 'CL020', path, key, message: `\`${key}\` is new in ODCS ${newer.version}, but this contract declares an earlier \`apiVersion\`. Change \`apiVersion\` to \`${newer.version}\` to use it.`, newerVersion: newer.version };
      }
      const suggestion = closest(key, allowed);
      let message = `Unknown key \`${key}\``;
      if (otherBranch && !suggestion) message += `: it applies only when \`${otherBranch.key}\` is \`${otherBranch.value}\`.${allowed.length && allowed.length <= 8 ? ` Allowed here: ${formatList(allowed)}.` : ''}`;
      else if (suggestion) message += `: did you mean \`${suggestion}\`?`;
      else message += allowed.length ? `. Allowed here: ${formatList(allowed, 20)}.` : '.';
      return { kind: 'unknownKey', code: 'CL020', path, key, message, suggestion };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const schemas = parent ? applicable(root, parent, value) : [];
      const propSchema = keysOf(root, schemas).find((k) => k.name === key)?.schema;
      const discriminator = parent ? discriminatorOf(root, parent, key, value) : undefined;
      const what = discriminator ? ` (required when \`${discriminator}\` is \`${String((value as Record<string, Json>)[discriminator])}\`)` : '';
      const desc = propSchema ? firstSentence(resolveRef(root, propSchema).description) : '';
      return { kind: 'missingKey', code: 'CL021', path, key, message: `Missing required key \`${key}\`${what}.${desc ? ` ${desc}` : ''}`, placeholder: placeholderFor(root, propSchema), discriminator };
    }
    case 'anyOf': {
      const branches = (parent ? applicable(root, parent, value) : []).flatMap((sch) => (sch.anyOf as JsonSchema[] | undefined) ?? []);
      const required = branches.flatMap((b) => (b.required as string[] | undefined) ?? []);
      if (required.length && required.every((r) => OPERATOR_NAMES.includes(r))) {
        return { kind: 'missingKey', code: 'CL021', path, key: 'mustBe', message: `This quality rule needs one comparison operator: one of ${formatList(required)}.`, placeholder: '0' };
      }
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\` does not match any of the allowed forms.` };
    }
    case 'not': {
      const present = value && typeof value === 'object' ? OPERATOR_NAMES.filter((o) => o in (value as object)) : [];
      if (present.length > 1) {
        const extra = present[present.length - 1];
        return { kind: 'extraOperator', code: 'CL025', path, key: extra, message: `A quality rule takes exactly one comparison operator, but this one has ${formatList(present)}. Keep one (or write two rules).` };
      }
      return { kind: 'value', code: 'CL025', path, message: `\`${keyName}\` has a form that is not allowed here.` };
    }
    default:
      // The dependentSchemas/anyOf `required` errors of the operator rule are merged into the anyOf issue above.
      break;
  }
  const issue = valueIssue(e, path, value, keyName, params, parent, root);
  if (issue?.kind === 'value' && e.keyword === 'enum' && newer && typeof value === 'string') {
    const inNewer = schemaAtPath(newer.root, path, doc)?.schema;
    const values = inNewer ? resolveRef(newer.root, inNewer).enum : undefined;
    if (Array.isArray(values) && values.includes(value)) {
      return { ...issue, message: `\`${value}\` is new in ODCS ${newer.version}, but this contract declares an earlier \`apiVersion\`. Change \`apiVersion\` to \`${newer.version}\` to use it.`, replacements: undefined, newerVersion: newer.version };
    }
  }
  return issue;
}

function allowedIn(root: JsonSchema, doc: Json, path: Segment[]): string[] {
  const at = schemaAtPath(root, path, doc);
  return at ? keysOf(root, applicable(root, at.schema, at.value)).map((k) => k.name) : [];
}

/** Where if/then branches declare `key`: the discriminator values (`type: athena` or `custom`) that allow it. */
function branchDeclaring(root: JsonSchema, parent: JsonSchema, key: string): { key: string; value: string } | undefined {
  const s = resolveRef(root, parent);
  let found: { key: string; values: string[] } | undefined;
  for (const member of (s.allOf as JsonSchema[] | undefined) ?? []) {
    const then = member.then ? resolveRef(root, member.then as JsonSchema) : undefined;
    const props = then?.properties as Record<string, JsonSchema> | undefined;
    if (!props || !(key in props)) continue;
    const cond = condPair(member.if as JsonSchema | undefined);
    if (!cond || (found && found.key !== cond.key)) continue;
    found ??= { key: cond.key, values: [] };
    if (!found.values.includes(cond.value)) found.values.push(cond.value);
  }
  if (!found) return undefined;
  const shown = found.values.slice(0, 4).map((v) => `\`${v}\``);
  return { key: found.key, value: (found.values.length > 4 ? [...shown, '…'] : shown).join(' or ').replace(/^`|`$/g, '') };
}

/**
 * A key inside an object whose allowed keys depend on its parent's discriminator (logicalTypeOptions depends on the
 * property's logicalType): the logicalTypes that would allow it.
 */
function optionOfOtherType(root: JsonSchema, doc: Json, path: Segment[], key: string): { key: string; value: string } | undefined {
  if (path.length < 2) return undefined;
  const owner = schemaAtPath(root, path.slice(0, -1), doc)?.schema;
  if (!owner) return undefined;
  const segment = String(path[path.length - 1]);
  const values: string[] = [];
  let discriminator: string | undefined;
  for (const member of (resolveRef(root, owner).allOf as JsonSchema[] | undefined) ?? []) {
    const then = member.then ? resolveRef(root, member.then as JsonSchema) : undefined;
    const inner = (then?.properties as Record<string, JsonSchema> | undefined)?.[segment];
    if (!inner || !((inner.properties as Record<string, JsonSchema> | undefined)?.[key])) continue;
    const cond = condPair(member.if as JsonSchema | undefined);
    if (!cond || (discriminator && cond.key !== discriminator)) continue;
    discriminator = cond.key;
    if (!values.includes(cond.value)) values.push(cond.value);
  }
  if (!discriminator) return undefined;
  return { key: discriminator, value: values.slice(0, 5).join('` or `') };
}

/** Does some if/then branch keyed on `key` (e.g. `type`) apply to this object? */
function discriminatorHolds(root: JsonSchema, objectSchema: JsonSchema, value: Json, key: string): boolean {
  const members = (resolveRef(root, objectSchema).allOf as JsonSchema[] | undefined) ?? [];
  return members.some((m) => m.if && condPair(m.if as JsonSchema)?.key === key && conditionHolds(m.if as JsonSchema, value) && !!(value as Record<string, Json> | undefined)?.[key]);
}

function condPair(cond: JsonSchema | undefined): { key: string; value: string } | undefined {
  if (!cond) return undefined;
  for (const [k, sub] of Object.entries((cond.properties as Record<string, JsonSchema> | undefined) ?? {})) if ('const' in sub) return { key: k, value: String(sub.const) };
  for (const c of (cond.anyOf as JsonSchema[] | undefined) ?? []) {
    const p = condPair(c);
    if (p) return p;
  }
  return undefined;
}

/**
 * For a key required by an if/then branch rather than by the object itself: the key whose value chose the branch,
 * e.g. `type` for "a server of type athena needs `schema`".
 */
function discriminatorOf(root: JsonSchema, objectSchema: JsonSchema, key: string, value: Json): string | undefined {
  const base = resolveRef(root, objectSchema);
  if (((base.required as string[] | undefined) ?? []).includes(key) || !value || typeof value !== 'object') return undefined;
  for (const member of (base.allOf as JsonSchema[] | undefined) ?? []) {
    if (!member.if || !member.then || !conditionHolds(member.if as JsonSchema, value)) continue;
    const then = resolveRef(root, member.then as JsonSchema);
    if (!((then.required as string[] | undefined) ?? []).includes(key)) continue;
    const cond = condPair(member.if as JsonSchema);
    if (cond && typeof (value as Record<string, Json>)[cond.key] === 'string') return cond.key;
  }
  return undefined;
}

/** Several keys missing from one object: one issue naming them all, with one fix that adds them all. */
function mergeMissing(issues: Issue[]): Issue[] {
  const out: Issue[] = [];
  const byObject = new Map<string, Extract<Issue, { kind: 'missingKey' }>>();
  for (const i of issues) {
    if (i.kind !== 'missingKey' || i.message.startsWith('This quality rule needs')) {
      out.push(i);
      continue;
    }
    const k = `${i.path.join('/')}|${i.discriminator ?? ''}`;
    const first = byObject.get(k);
    if (!first) {
      const copy = { ...i, keys: [{ key: i.key, placeholder: i.placeholder }] };
      byObject.set(k, copy);
      out.push(copy);
      continue;
    }
    first.keys!.push({ key: i.key, placeholder: i.placeholder });
    first.message = `Missing required keys ${formatList(first.keys!.map((x) => x.key))}.`;
  }
  return out;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  // Operator `required` errors (one per operator, from the anyOf branches) are folded into the anyOf issue.
  const operatorPaths = new Set(issues.filter((i) => i.kind === 'missingKey' && i.message.startsWith('This quality rule needs')).map((i) => i.path.join('/')));
  // `logicalType: 5` breaks both `type` and `enum`: one problem, told by the enum issue (it lists the allowed values).
  const enumPaths = new Set(issues.filter((i) => i.kind === 'value' && i.code === 'CL023').map((i) => i.path.join('/')));
  for (const i of issues) {
    if (i.kind === 'missingKey' && OPERATOR_NAMES.includes(i.key) && !i.message.startsWith('This quality rule needs') && operatorPaths.has(i.path.join('/'))) continue;
    if (i.kind === 'value' && i.code === 'CL022' && enumPaths.has(i.path.join('/'))) continue;
    const k = `${i.kind}:${i.path.join('/')}:${'key' in i ? i.key : ''}:${i.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out;
}
