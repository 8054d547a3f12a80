/**
 * Hover: on a key (or its value), the key's documentation from the schema; on a relationship reference, what the
 * target is (its type, key flags, description and file).
 */
import type { Property } from '../model/types.js';
import { pathAtOffset } from '../syntax/ast.js';
import { documentToJS } from '../syntax/parse.js';
import type { DocumentView } from '../workspace/document.js';
import { jsonPathOf, type Range } from './common.js';
import { defaultKnowledge, type SchemaKnowledge } from './schemaInfo.js';
import { referenceAt, resolveAt, type DocumentLookup } from './targets.js';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export function hover(doc: DocumentView, offset: number, workspace: DocumentLookup, knowledge: SchemaKnowledge | undefined = defaultKnowledge): HoverResult | undefined {
  const contract = doc.contract;
  if (!contract || doc.readError) return undefined;
  const at = referenceAt(contract, offset);
  if (at) {
    const result = resolveAt(at, contract, workspace);
    if (result.targets.length > 0) {
      const contents = result.targets
        .map((t) => (t.property ? describeProperty(t.property, fileName(t.contract.uri)) : describeSchema(t.schema.name?.value ?? '', t.schema.description?.value, t.schema.properties.length, fileName(t.contract.uri))))
        .join('\n\n---\n\n');
      return { contents, range: { start: at.ref.node.start, end: at.ref.node.end } };
    }
  }
  // The key under the cursor, or the key whose value is under the cursor.
  const steps = pathAtOffset(doc.parsed.root, offset);
  let last = -1;
  for (let i = steps.length - 1; i >= 1; i--) {
    if (steps[i].pair) {
      last = i;
      break;
    }
  }
  if (last < 0 || !knowledge) return undefined;
  const pair = steps[last].pair!;
  const onKey = offset >= pair.key.start && offset <= pair.key.end;
  const onScalarValue = !onKey && steps.length - 1 === last && steps[last].node.kind === 'scalar';
  if (!onKey && !onScalarValue) return undefined;
  const path = jsonPathOf(steps.slice(0, last + 1));
  const docValue = documentToJS(doc.parsed).value;
  const parentInfo = knowledge(contract.format, contract.formatVersion?.value, path.slice(0, -1), docValue);
  const keyDoc = parentInfo?.keys.find((k) => k.name === path[path.length - 1]);
  const own = knowledge(contract.format, contract.formatVersion?.value, path, docValue);
  const description = keyDoc?.description ?? own?.description;
  if (!description && !keyDoc) return undefined;
  const type = keyDoc?.type ?? own?.type;
  const lines = [`**${String(path[path.length - 1])}**${type ? ` \`${type}\`` : ''}${keyDoc?.required ? ' · required' : ''}`];
  if (description) lines.push('', description);
  const allowed = keyDoc?.enumValues ?? own?.enumValues;
  if (allowed?.length) lines.push('', `Allowed values: ${allowed.map((v) => `\`${String(v)}\``).join(', ')}`);
  const node = onKey ? pair.key : steps[last].node;
  return { contents: lines.join('\n'), range: { start: node.start, end: node.end } };
}

function describeProperty(p: Property, file: string): string {
  const type = [p.logicalType?.value, p.physicalType?.value && p.physicalType.value !== p.logicalType?.value ? `(${p.physicalType.value})` : undefined].filter(Boolean).join(' ');
  const flags = [p.primaryKey?.value ? 'primary key' : undefined, p.unique?.value ? 'unique' : undefined, p.required?.value ? 'required' : undefined].filter(Boolean);
  const lines = [`**${p.schema.name?.value ?? ''}.${p.path}**${type ? ` \`${type}\`` : ''}${flags.length ? ' · ' + flags.join(' · ') : ''}`];
  if (p.description?.value) lines.push('', p.description.value);
  lines.push('', `_in ${file}_`);
  return lines.join('\n');
}

function describeSchema(name: string, description: string | undefined, properties: number, file: string): string {
  const lines = [`**${name}** schema object · ${properties} ${properties === 1 ? 'property' : 'properties'}`];
  if (description) lines.push('', description);
  lines.push('', `_in ${file}_`);
  return lines.join('\n');
}

function fileName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}
