/**
 * Relationship references (`to:` / `from:`), parsed and resolved across the contracts of a workspace.
 *
 * Accepted forms (ODCS v3.1 "References"):
 *   users.user_id                                   shorthand: schema object name, property name (nested: a.b.c)
 *   users                                           a whole schema object
 *   schema/users_obj/properties/user_id_prop        fully qualified, by `id`
 *   users.odcs.yaml#users.user_id                   either form, in another contract file (relative path)
 *   users.odcs.yaml#schema/users_obj/properties/user_id_prop
 */
import type { Contract, Property, SchemaObject } from '../model/types.js';

export interface ParsedReference {
  /** Contract file named before `#`, as written. */
  file?: string;
  kind: 'shorthand' | 'qualified';
  /** Shorthand: [schemaName, prop, nested…]; qualified: [schemaId, propId, nestedId…]. */
  segments: string[];
  /** Character offset inside the reference text where the in-contract path starts (after `file#`). */
  pathOffset: number;
}

export function parseReference(text: string): ParsedReference | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const hash = trimmed.indexOf('#');
  const file = hash >= 0 ? trimmed.slice(0, hash) : undefined;
  let path = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  let pathOffset = hash >= 0 ? hash + 1 : 0;
  // The ODCS references doc writes external ids as `file.yaml#/schema/<id>/…` (JSON-pointer style slash).
  if (hash >= 0 && path.startsWith('/')) {
    path = path.slice(1);
    pathOffset += 1;
  }
  if (path.startsWith('schema/')) {
    const parts = path.split('/');
    // schema/<id>[/properties/<id>]…
    const segments = [parts[1] ?? ''];
    for (let i = 2; i + 1 < parts.length; i += 2) {
      if (parts[i] !== 'properties') return undefined;
      segments.push(parts[i + 1]);
    }
    if (parts.length % 2 === 1 && parts.length > 2) return undefined;
    return { file: file || undefined, kind: 'qualified', segments, pathOffset };
  }
  return { file: file || undefined, kind: 'shorthand', segments: path.split('.'), pathOffset };
}

export interface ResolvedTarget {
  contract: Contract;
  schema: SchemaObject;
  /** Absent when the reference names a whole schema object. */
  property?: Property;
}

export interface ResolveResult {
  /** Every match (normally one; several when the same schema name exists in several contracts). */
  targets: ResolvedTarget[];
  /** How far the reference resolved, for a precise message: e.g. the schema exists but not the property. */
  schemaFound: boolean;
  /** The file part named a file that is not a known contract. */
  fileMissing?: string;
}

/**
 * Resolves a reference from `fromUri`. Without a file part, the own contract is searched first; when it has no
 * schema object of that name, every other contract of the workspace is searched (a shop's orders contract points at
 * `users.user_id` defined in users.odcs.yaml).
 */
export function resolveReference(ref: ParsedReference, fromUri: string, contracts: Iterable<Contract>, own?: Contract): ResolveResult {
  const all = [...contracts];
  let candidates: Contract[];
  if (ref.file) {
    const target = resolveFileUri(fromUri, ref.file);
    candidates = all.filter((c) => c.uri === target);
    if (candidates.length === 0) return { targets: [], schemaFound: false, fileMissing: ref.file };
  } else {
    const self = own ?? all.find((c) => c.uri === fromUri);
    const selfHas = self && findSchemas(self, ref).length > 0;
    candidates = selfHas ? [self!] : all;
  }
  const targets: ResolvedTarget[] = [];
  let schemaFound = false;
  for (const contract of candidates) {
    for (const schema of findSchemas(contract, ref)) {
      schemaFound = true;
      if (ref.segments.length === 1) {
        targets.push({ contract, schema });
        continue;
      }
      const property = findProperty(schema.properties, ref.segments.slice(1), ref.kind);
      if (property) targets.push({ contract, schema, property });
    }
  }
  return { targets, schemaFound };
}

function findSchemas(contract: Contract, ref: ParsedReference): SchemaObject[] {
  const key = ref.segments[0];
  return contract.schemas.filter((s) => (ref.kind === 'qualified' ? s.id?.value === key : s.name?.value === key));
}

function findProperty(props: Property[], path: string[], kind: ParsedReference['kind']): Property | undefined {
  let level = props;
  let found: Property | undefined;
  for (const seg of path) {
    found = level.find((p) => (kind === 'qualified' ? p.id?.value === seg : p.name?.value === seg));
    if (!found) return undefined;
    level = found.items ? [...found.properties, ...found.items.properties] : found.properties;
  }
  return found;
}

/** `file:///a/b/orders.odcs.yaml` + `users.odcs.yaml` → `file:///a/b/users.odcs.yaml`. */
export function resolveFileUri(fromUri: string, file: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file;
  return new URL(file, fromUri).toString();
}

