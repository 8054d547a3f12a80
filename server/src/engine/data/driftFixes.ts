/**
 * Quick-fix edits for drift findings, computed from the contract text so inserted YAML takes the indentation of
 * its neighbours: add a property from a data column, remove a property, replace a type value.
 */
import type { Fix, TextEdit } from '../findings.js';
import type { Property } from '../model/types.js';
import { asSeq, getNode, getPair, type YMap, type YNode } from '../syntax/ast.js';
import type { ColumnInfo } from './session.js';
import { logicalTypeFor } from './typeCompat.js';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** A YAML plain scalar when safe, else double-quoted. */
export function yamlScalar(value: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.\- ]*$/.test(value) && !/\s$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value)) return value;
  return JSON.stringify(value);
}

function propertyLines(col: ColumnInfo, dashIndent: number, keyIndent: number): string {
  const pad = ' '.repeat(keyIndent);
  return `${' '.repeat(dashIndent)}- name: ${yamlScalar(col.name)}\n${pad}logicalType: ${logicalTypeFor(col.type)}\n${pad}physicalType: ${yamlScalar(col.type)}`;
}

/**
 * Adds a property for a data column at the end of the `properties` of a schema object, an object property or an
 * array's `items` (the list is created when absent).
 */
export function addPropertyFix(text: string, container: YMap, col: ColumnInfo): Fix | undefined {
  // DCS models (`models: {orders: {fields: {…}}}`) have a fields map and no list to extend: no fix offered there.
  if (getPair(container, 'fields') || (!getPair(container, 'name') && !getPair(container, 'properties') && !getPair(container, 'logicalType'))) return undefined;
  const pair = getPair(container, 'properties');
  const seq = asSeq(pair?.value);
  const title = `Add property "${col.name}" (${logicalTypeFor(col.type)}, ${col.type}) from the data`;
  if (seq && !seq.flow && seq.items.length > 0) {
    const last = seq.items[seq.items.length - 1];
    const first = seq.items[0];
    const ls = lineStart(text, first.start);
    const prefix = text.slice(ls, first.start);
    const dash = prefix.indexOf('-');
    if (dash < 0) return undefined;
    const at = lineEnd(text, lastLineOf(text, last));
    return { title, edits: [{ range: { start: at, end: at }, newText: '\n' + propertyLines(col, dash, first.start - ls) }] };
  }
  if (container.flow) return undefined;
  const schemaIndent = container.start - lineStart(text, container.start);
  const body = propertyLines(col, schemaIndent + 2, schemaIndent + 4);
  if (pair && seq && seq.flow && seq.items.length === 0) {
    return { title, edits: [{ range: { start: seq.start, end: seq.end }, newText: '\n' + body }] };
  }
  if (pair) return undefined; // `properties:` holding something we cannot extend safely
  const at = lineEnd(text, lastLineOf(text, container));
  return { title, edits: [{ range: { start: at, end: at }, newText: `\n${' '.repeat(schemaIndent)}properties:\n${body}` }] };
}

/** The offset inside the last non-empty line of a node (block values may end after their trailing newline). */
function lastLineOf(text: string, node: YNode): number {
  let end = node.end;
  while (end > node.start && /\s/.test(text[end - 1])) end--;
  return Math.max(node.start, end - 1);
}

/** Deletes a property's whole list item (its lines), when it is an item of a block list. */
export function removePropertyFix(text: string, prop: Property): Fix | undefined {
  const ls = lineStart(text, prop.node.start);
  if (!/^\s*-\s*$/.test(text.slice(ls, prop.node.start))) return undefined;
  let end = lineEnd(text, lastLineOf(text, prop.node));
  if (end < text.length) end++;
  return { title: `Remove property "${prop.name?.value ?? prop.path}" from the contract`, edits: [{ range: { start: ls, end }, newText: '' }] };
}

/** Sets `key: value` on a property: replaces the existing value, or adds the line after `name:`. */
export function setPropertyKeyEdit(text: string, prop: Property, key: string, value: string): TextEdit | undefined {
  const existing = getNode(prop.node, key);
  if (existing) return { range: { start: existing.start, end: existing.end }, newText: yamlScalar(value) };
  const namePair = getPair(prop.node, 'name');
  if (!namePair || prop.node.flow) return undefined;
  const indent = namePair.key.start - lineStart(text, namePair.key.start);
  const at = lineEnd(text, namePair.value.end);
  return { range: { start: at, end: at }, newText: `\n${' '.repeat(indent)}${key}: ${yamlScalar(value)}` };
}
