/**
 * The engine-level feature services (engine/features/*) over real YAML fixtures: completion, hover, definition,
 * references, rename, symbols, folding, selection and code actions, in engine terms (offsets), no protocol.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { analyzeDocument } from '../../server/src/engine/analyze.ts';
import { DuckDbSqlParser } from '../../server/src/engine/data/sqlParser.ts';
import { codeActions } from '../../server/src/engine/features/codeActions.ts';
import { complete } from '../../server/src/engine/features/completion.ts';
import { definition, prepareRename, references, rename } from '../../server/src/engine/features/definition.ts';
import { foldingRanges } from '../../server/src/engine/features/folding.ts';
import { hover } from '../../server/src/engine/features/hover.ts';
import { selectionRanges } from '../../server/src/engine/features/selection.ts';
import { documentSymbols } from '../../server/src/engine/features/symbols.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { ROOT } from '../helpers/paths.ts';

const SHOP = join(ROOT, 'test/fixtures/lsp/shop');
const USERS = pathToFileURL(join(SHOP, 'users.odcs.yaml')).toString();
const ORDERS = pathToFileURL(join(SHOP, 'orders.odcs.yaml')).toString();

function workspace(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.set(USERS, readFileSync(join(SHOP, 'users.odcs.yaml'), 'utf8'));
  index.set(ORDERS, readFileSync(join(SHOP, 'orders.odcs.yaml'), 'utf8'));
  return index;
}

/** Replaces the orders text with `text` where `|` marks the cursor; returns the document and the cursor offset. */
function withCursor(index: WorkspaceIndex, uri: string, marked: string) {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'cursor marker');
  const doc = index.set(uri, marked.slice(0, offset) + marked.slice(offset + 1));
  return { doc, offset };
}

function ordersText(): string {
  return readFileSync(join(SHOP, 'orders.odcs.yaml'), 'utf8');
}

/** Inserts `insert` (which contains the `|` cursor) right after the first occurrence of `after`. */
function insertAfter(text: string, after: string, insert: string): string {
  const at = text.indexOf(after);
  assert.ok(at >= 0, `"${after}" in fixture`);
  return text.slice(0, at + after.length) + insert + text.slice(at + after.length);
}

test('completion offers the keys a property may have on a blank line inside it, without the ones present', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, insertAfter(ordersText(), '      - name: ship_city\n        logicalType: string\n', '        |\n'));
  const labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('description') === false, 'description is already present on ship_city');
  assert.ok(labels.includes('required'), labels.join(','));
  assert.ok(labels.includes('primaryKey'));
  assert.ok(!labels.includes('name'), 'name is present');
  assert.ok(!labels.includes('logicalType'), 'logicalType is present');
});

test('completion of a partly typed key replaces the typed word', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        description: City the order ships to.\n        requ|\n'));
  const entries = complete(doc, offset, index);
  const required = entries.find((e) => e.label === 'required');
  assert.ok(required, entries.map((e) => e.label).join(','));
  assert.equal(doc.text.slice(required.range.start, required.range.end), 'requ');
});

test('completion of logicalType values, quality metric and dimension, server type', () => {
  const index = workspace();
  let { doc, offset } = withCursor(index, ORDERS, ordersText().replace('        logicalType: string\n        description: City', '        logicalType: str|\n        description: City'));
  let entries = complete(doc, offset, index);
  const labels = entries.map((e) => e.label);
  for (const t of ['string', 'integer', 'timestamp', 'date', 'object', 'array']) assert.ok(labels.includes(t), `${t} in ${labels}`);
  assert.equal(doc.text.slice(entries[0].range.start, entries[0].range.end), 'str');

  ({ doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        description: City the order ships to.\n        quality:\n          - metric: |\n')));
  assert.ok(complete(doc, offset, index).some((e) => e.label === 'nullValues'));

  ({ doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        description: City the order ships to.\n        quality:\n          - metric: nullValues\n            dimension: |\n')));
  assert.ok(complete(doc, offset, index).some((e) => e.label === 'completeness'));

  ({ doc, offset } = withCursor(index, ORDERS, ordersText() + 'servers:\n  - server: local\n    type: |\n'));
  const types = complete(doc, offset, index).map((e) => e.label);
  assert.ok(types.includes('local') && types.includes('postgres'), types.join(','));
});

test('completion on a new list item of properties offers property keys', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText() + '      - |\n');
  const labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('name') && labels.includes('logicalType'), labels.join(','));
});

test('completion at a relationship `to:` lists schema objects and properties of every contract', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText().replace('to: users.user_id', 'to: users.us|'));
  const entries = complete(doc, offset, index);
  const labels = entries.map((e) => e.label);
  for (const l of ['users', 'users.user_id', 'users.email', 'users.address', 'users.address.city', 'orders.order_id']) assert.ok(labels.includes(l), `${l} in ${labels}`);
  const userId = entries.find((e) => e.label === 'users.user_id')!;
  assert.equal(doc.text.slice(userId.range.start, userId.range.end), 'users.us', 'replaces the whole typed reference');
  assert.match(userId.detail ?? '', /integer/);
  assert.match(userId.detail ?? '', /users\.odcs\.yaml/);
  // Primary keys sort first.
  assert.ok(userId.sortText! < entries.find((e) => e.label === 'users.email')!.sortText!);
});

test('completion in a `to:` list item', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText().replace('to: users.user_id', 'to:\n              - |'));
  assert.ok(complete(doc, offset, index).some((e) => e.label === 'users.user_id'));
});

test('hover on a key shows its documentation; on a relationship target, the target property', () => {
  const index = workspace();
  const orders = index.get(ORDERS)!;
  const keyAt = orders.text.indexOf('logicalType') + 3;
  const h = hover(orders, keyAt, index);
  assert.ok(h, 'hover on logicalType');
  assert.match(h.contents, /\*\*logicalType\*\*/);
  assert.equal(orders.text.slice(h.range.start, h.range.end), 'logicalType');

  const refAt = orders.text.indexOf('users.user_id') + 8;
  const t = hover(orders, refAt, index);
  assert.ok(t);
  assert.match(t.contents, /users\.user_id/);
  assert.match(t.contents, /integer/);
  assert.match(t.contents, /Surrogate key of the user/);
  assert.match(t.contents, /primary key/);
  assert.match(t.contents, /users\.odcs\.yaml/);
});

test('definition of a relationship target goes to the property in the other contract', () => {
  const index = workspace();
  const orders = index.get(ORDERS)!;
  const users = index.get(USERS)!;
  const at = orders.text.indexOf('users.user_id');
  const [loc] = definition(orders, at + 9, index);
  assert.equal(loc.uri, USERS);
  assert.equal(users.text.slice(loc.range.start, loc.range.end), 'user_id');
  assert.equal(loc.range.start, users.text.indexOf('user_id'));
  // On the schema part, the schema object.
  const [schemaLoc] = definition(orders, at + 2, index);
  assert.equal(users.text.slice(schemaLoc.range.start, schemaLoc.range.end), 'users');
  assert.deepEqual(definition(orders, orders.text.indexOf('order_id'), index), []);
});

test('references and rename of a property follow relationships across files', () => {
  const index = workspace();
  const users = index.get(USERS)!;
  const declAt = users.text.indexOf('user_id') + 2;
  const refs = references(users, declAt, index, true);
  assert.equal(refs.length, 2);
  const inOrders = refs.find((r) => r.uri === ORDERS)!;
  assert.equal(index.get(ORDERS)!.text.slice(inOrders.range.start, inOrders.range.end), 'user_id');

  const prep = prepareRename(users, declAt, index);
  assert.equal(prep?.placeholder, 'user_id');
  const edits = rename(users, declAt, 'account_id', index)!;
  assert.deepEqual([...edits.keys()].sort(), [ORDERS, USERS].sort());
  for (const [uri, list] of edits) {
    let text = index.get(uri)!.text;
    for (const e of [...list].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
    index.set(uri, text);
  }
  assert.match(index.get(ORDERS)!.text, /to: users\.account_id/);
  assert.match(index.get(USERS)!.text, /- name: account_id/);
  // The renamed reference still resolves.
  const orders = index.get(ORDERS)!;
  const [loc] = definition(orders, orders.text.indexOf('users.account_id') + 8, index);
  assert.equal(loc.uri, USERS);
  // Renaming from the reference side works too (the schema segment renames the schema object).
  const fromRef = rename(orders, orders.text.indexOf('users.account_id') + 1, 'customers', index)!;
  assert.equal(fromRef.get(USERS)?.length, 1);
  assert.equal(fromRef.get(ORDERS)?.length, 1);
});

test('document symbols: schema objects with their properties, nested ones under their parent', () => {
  const index = workspace();
  const users = index.get(USERS)!;
  const symbols = documentSymbols(users);
  const schema = symbols.find((s) => s.name === 'schema')!;
  assert.equal(schema.children.length, 1);
  const obj = schema.children[0];
  assert.equal(obj.name, 'users');
  assert.deepEqual(obj.children.map((c) => c.name), ['user_id', 'email', 'address']);
  assert.deepEqual(obj.children[2].children.map((c) => c.name), ['city']);
  assert.equal(obj.children[0].detail, 'integer');
  for (const s of [obj, ...obj.children]) assert.ok(s.selectionRange.start >= s.range.start && s.selectionRange.end <= s.range.end);
});

test('folding ranges cover multi-line sections and comment runs', () => {
  const index = workspace();
  const doc = index.set(ORDERS, '# one\n# two\n' + ordersText());
  const folds = foldingRanges(doc);
  const lineOf = (o: number) => doc.text.slice(0, o).split('\n').length - 1;
  assert.ok(folds.some((f) => f.kind === 'comment' && lineOf(f.start) === 0 && lineOf(f.end) === 1));
  const schemaLine = lineOf(doc.text.indexOf('schema:'));
  const schemaFold = folds.find((f) => lineOf(f.start) === schemaLine)!;
  assert.equal(lineOf(schemaFold.end), doc.text.trimEnd().split('\n').length - 1, 'schema folds to its last line');
});

test('selection ranges grow from the value to the document', () => {
  const index = workspace();
  const doc = index.get(ORDERS)!;
  const at = doc.text.indexOf('users.user_id') + 3;
  const [chain] = selectionRanges(doc, [at]);
  assert.equal(doc.text.slice(chain[0].start, chain[0].end), 'users.user_id');
  assert.equal(doc.text.slice(chain[1].start, chain[1].end), 'to: users.user_id');
  for (let i = 1; i < chain.length; i++) assert.ok(chain[i].start <= chain[i - 1].start && chain[i].end >= chain[i - 1].end);
  assert.deepEqual(chain[chain.length - 1], { start: 0, end: doc.text.length });
});

test('code actions: the finding’s own fixes, a suppression comment at the line’s indentation, the rule doc', async () => {
  const index = workspace();
  const original = ordersText().replace('        logicalType: string\n        description: City', '        logicalType: string\n        colour: blue\n        description: City');
  const doc = index.set(ORDERS, original);
  const findings = await analyzeDocument(doc, index);
  const unknown = findings.find((f) => f.code === 'CL020');
  assert.ok(unknown, JSON.stringify(findings));
  const actions = codeActions(doc, [unknown]);
  const fix = actions.find((a) => a.edits && a.title.includes('colour') && !a.title.startsWith('Disable'));
  assert.ok(fix, actions.map((a) => a.title).join(' / '));
  let fixed = original;
  for (const e of [...fix.edits!].sort((a, b) => b.range.start - a.range.start)) fixed = fixed.slice(0, e.range.start) + e.newText + fixed.slice(e.range.end);
  const after = await analyzeDocument(index.set(ORDERS, fixed), index);
  assert.ok(!after.some((f) => f.code === 'CL020'), 'the fix removes the finding');

  const disable = actions.find((a) => a.title === 'Disable CL020 for this line')!;
  index.set(ORDERS, original);
  let suppressed = original;
  const e = disable.edits![0];
  suppressed = suppressed.slice(0, e.range.start) + e.newText + suppressed.slice(e.range.end);
  assert.match(suppressed, /\n {8}# contractlens-disable-next-line CL020\n {8}colour: blue\n/);
  const afterSuppression = await analyzeDocument(index.set(ORDERS, suppressed), index);
  assert.ok(!afterSuppression.some((f) => f.code === 'CL020'), 'the comment suppresses the finding');

  const docAction = actions.find((a) => a.command)!;
  assert.equal(docAction.command!.name, 'openRuleDoc');
  assert.match(docAction.command!.url, /CL020-unknown-key\.md$/);
});

test('completion context: root keys on a blank top-level line, nothing in comments, block text or flow maps', () => {
  const index = workspace();
  let { doc, offset } = withCursor(index, ORDERS, ordersText() + '|');
  let labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('servers') && labels.includes('slaProperties'), labels.join(','));
  assert.ok(!labels.includes('apiVersion') && !labels.includes('schema'), 'present keys are not offered again');

  ({ doc, offset } = withCursor(index, ORDERS, ordersText() + '#comm|\n'));
  assert.deepEqual(complete(doc, offset, index), []);

  ({ doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        description: |\n          City the order\n          ships: to|\n')));
  assert.deepEqual(complete(doc, offset, index), [], 'inside a block scalar');

  ({ doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        logicalTypeOptions: { maxLength: 3, | }\n')));
  assert.doesNotThrow(() => complete(doc, offset, index));
});

test('completion after deeper lines finds the sibling keys at the cursor column', () => {
  const index = workspace();
  const text = ordersText().replace('      - name: ship_city\n', '      - name: ship_city\n        quality:\n          - metric: nullValues\n            mustBe: 0\n        |\n');
  const { doc, offset } = withCursor(index, ORDERS, text);
  const labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('required') && !labels.includes('quality') && !labels.includes('metric'), labels.join(','));
});

test('completion in a Data Contract Specification file uses the DCS schema', () => {
  const index = workspace();
  const uri = pathToFileURL(join(SHOP, 'dcs.yaml')).toString();
  const { doc, offset } = withCursor(index, uri, 'dataContractSpecification: 1.1.0\nid: x\ninfo:\n  title: X\n  version: 1.0.0\n|\n');
  const labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('models') && labels.includes('servers'), labels.join(','));
  assert.ok(!labels.includes('apiVersion'), 'ODCS keys are not offered in DCS');
});

test('completion of a quoted reference replaces inside the quotes', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText().replace('to: users.user_id', 'to: "users.us|"'));
  const e = complete(doc, offset, index).find((x) => x.label === 'users.user_id')!;
  assert.equal(doc.text.slice(e.range.start, e.range.end), 'users.us');
});

test('completion of an SLA element and of a quality rule server names things of the own contract', () => {
  const index = workspace();
  let { doc, offset } = withCursor(index, ORDERS, ordersText() + 'slaProperties:\n  - property: latency\n    value: 4\n    element: ord|\n');
  let labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('orders.order_id') && labels.includes('orders'), labels.join(','));
  assert.ok(!labels.some((l) => l.startsWith('users')), 'an SLA element names this contract only');

  ({ doc, offset } = withCursor(index, ORDERS, ordersText().replace('        description: City the order ships to.\n', '        quality:\n          - metric: nullValues\n            mustBe: 0\n            server: |\n') + 'servers:\n  - server: prod\n    type: postgres\n  - server: local\n    type: local\n'));
  labels = complete(doc, offset, index).map((e) => e.label);
  assert.deepEqual(labels, ['prod', 'local']);
});

test('completion in a CRLF file', () => {
  const index = workspace();
  const crlf = ordersText().replace(/\n/g, '\r\n');
  let { doc, offset } = withCursor(index, ORDERS, crlf.replace('        description: City the order ships to.\r\n', '        description: City the order ships to.\r\n        |\r\n'));
  let labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('required') && !labels.includes('description'), labels.join(','));
  ({ doc, offset } = withCursor(index, ORDERS, crlf.replace('to: users.user_id', 'to: users.|')));
  labels = complete(doc, offset, index).map((e) => e.label);
  assert.ok(labels.includes('users.user_id'), labels.join(','));
});

test('definition of an SLA element part and of a quality rule server', () => {
  const index = workspace();
  const text = ordersText().replace('        description: City the order ships to.\n', '        quality:\n          - metric: nullValues\n            mustBe: 0\n            server: prod\n') +
    'servers:\n  - server: prod\n    type: postgres\nslaProperties:\n  - property: latency\n    value: 4\n    element: orders.order_id, orders.ship_city\n';
  const doc = index.set(ORDERS, text);
  const [el] = definition(doc, text.indexOf('orders.ship_city') + 9, index);
  assert.equal(el.uri, ORDERS);
  assert.equal(el.range.start, text.indexOf('ship_city'));
  const [first] = definition(doc, text.indexOf('orders.order_id,') + 3, index);
  assert.equal(first.range.start, text.indexOf('order_id'));
  const [srv] = definition(doc, text.indexOf('server: prod') + 9, index);
  assert.equal(srv.range.start, text.indexOf('- server: prod') + 10);
});

test('a finding inside a SQL block gets a file-wide suppression, never a comment inside the query', async () => {
  const index = workspace();
  const original = ordersText().replace(
    '        description: City the order ships to.\n',
    '        quality:\n          - type: sql\n            query: |\n              SELECT count(*)\n              FROM ${table} WHERE\n            mustBe: 0\n',
  );
  const doc = index.set(ORDERS, original);
  const parser = new DuckDbSqlParser();
  try {
    const found = (await analyzeDocument(doc, index, { sqlParser: parser })).find((f) => f.code === 'CL123');
    assert.ok(found, 'DuckDB finds the incomplete WHERE');
    const actions = codeActions(doc, [found]);
    const fileWide = actions.find((a) => a.title === 'Disable CL123 in this file')!;
    assert.ok(fileWide, actions.map((a) => a.title).join(' / '));
    const e = fileWide.edits![0];
    const suppressed = original.slice(0, e.range.start) + e.newText + original.slice(e.range.end);
    const after = await analyzeDocument(index.set(ORDERS, suppressed), index, { sqlParser: parser });
    assert.ok(!after.some((f) => f.code === 'CL123'), 'suppressed');
  } finally {
    await parser.close();
  }
  index.set(ORDERS, original);
  const inside = original.indexOf('FROM ${table}');
  const actions = codeActions(doc, [{ code: 'CL123', range: { start: inside, end: inside + 4 } }]);
  assert.ok(!actions.some((a) => a.title === 'Disable CL123 for this line'));
  const fileWide = actions.find((a) => a.title === 'Disable CL123 in this file')!;
  assert.deepEqual(fileWide.edits, [{ range: { start: 0, end: 0 }, newText: '# contractlens-disable CL123\n' }]);
  // On the first line of a scalar (not inside the text), the line comment is fine.
  const onKey = original.indexOf('mustBe: 0');
  assert.ok(codeActions(doc, [{ code: 'CL121', range: { start: onKey, end: onKey + 6 } }]).some((a) => a.title === 'Disable CL121 for this line'));
});

test('`to:` completion puts keys of the same logical type first, and adds the space after a bare colon', () => {
  const index = workspace();
  const { doc, offset } = withCursor(index, ORDERS, ordersText().replace('to: users.user_id', 'to:|'));
  const entries = complete(doc, offset, index).sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  // user_id is an integer: the integer primary keys (users.user_id, orders.order_id) lead.
  assert.deepEqual(entries.slice(0, 2).map((e) => e.label).sort(), ['orders.order_id', 'users.user_id']);
  assert.equal(entries.find((e) => e.label === 'users.user_id')!.insertText, ' users.user_id');
});
