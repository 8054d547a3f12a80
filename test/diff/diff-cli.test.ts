/**
 * `contractlens diff` through the real CLI (dist/contractlens.js) in a scratch git repository: one committed
 * contract, then each kind of change of docs/breaking-changes.md made in the working copy, asserting the code, the
 * level, whom it breaks, the line it is reported at and the exit code.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { buildCli, git, lineOf, makeRepo, readFile, runCli, writeFile } from './helpers.ts';

const FILE = 'contracts/orders.odcs.yaml';
const BASE = readFileSync(join(ROOT, 'test/fixtures/diff/orders.odcs.yaml'), 'utf8');
const MARK = '# <-- here';

interface JsonChange {
  code: string;
  level: string;
  breaks: string[];
  line: number;
  column: number;
  side: 'old' | 'new';
  subject: string;
  before?: string;
  after?: string;
  message: string;
}

/** Replaces exactly one occurrence (a test edit that silently does nothing would prove nothing). */
function sub(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) === -1, `edit target must occur once: ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

interface Row {
  name: string;
  edit: (t: string) => string;
  code: string;
  level: 'breaking' | 'warning' | 'info';
  breaks?: string[];
  /** `new`: the line carrying MARK in the edited file; `old`: the line of this text in the base version. */
  at: 'new' | { old: string };
  exit: number;
}

const ROWS: Row[] = [
  { name: 'property removed', edit: (t) => sub(t, '      - name: note\n        logicalType: string\n        tags: [free-text]\n', ''), code: 'CL304', level: 'breaking', breaks: ['consumers'], at: { old: 'name: note' }, exit: 1 },
  { name: 'schema object removed', edit: (t) => sub(t, '  - name: order_events\n    properties:\n      - name: event_id\n        logicalType: string\n', ''), code: 'CL302', level: 'breaking', breaks: ['consumers'], at: { old: 'name: order_events' }, exit: 1 },
  { name: 'logicalType changed to an incompatible type', edit: (t) => sub(t, '        logicalType: number\n', `        logicalType: string ${MARK}\n`), code: 'CL308', level: 'breaking', breaks: ['consumers', 'producers'], at: 'new', exit: 1 },
  { name: 'logicalType widened integer → number', edit: (t) => sub(t, '        logicalType: integer\n', `        logicalType: number ${MARK}\n`), code: 'CL308', level: 'breaking', breaks: ['consumers'], at: 'new', exit: 1 },
  { name: 'physicalType changed', edit: (t) => sub(t, 'physicalType: BIGINT', `physicalType: INTEGER ${MARK}`), code: 'CL309', level: 'warning', at: 'new', exit: 0 },
  { name: 'property becomes required', edit: (t) => sub(t, '        tags: [free-text]\n', `        tags: [free-text]\n        required: true ${MARK}\n`), code: 'CL310', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'required removed', edit: (t) => sub(t, '        logicalType: string\n        required: true\n', `        logicalType: string\n        required: false ${MARK}\n`), code: 'CL311', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'property becomes unique', edit: (t) => sub(t, '        classification: internal\n', `        classification: internal\n        unique: true ${MARK}\n`), code: 'CL312', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'unique removed', edit: (t) => sub(t, '        unique: true\n', `        unique: false ${MARK}\n`), code: 'CL313', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'primary key changed', edit: (t) => sub(t, '        primaryKeyPosition: 1\n', `        primaryKeyPosition: 2 ${MARK}\n`), code: 'CL314', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'enum (validValues) narrowed', edit: (t) => sub(t, 'validValues: [new, paid, shipped]', `validValues: [new, paid] ${MARK}`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'enum (validValues) widened', edit: (t) => sub(t, 'validValues: [new, paid, shipped]', `validValues: [new, paid, shipped, lost] ${MARK}`), code: 'CL316', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'v3.2 enum added (narrowed)', edit: (t) => sub(t, '        classification: internal\n', `        classification: internal\n        enum: [new, paid] ${MARK}\n`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'minimum raised (range narrowed)', edit: (t) => sub(t, 'minimum: 0', `minimum: 1 ${MARK}`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'maximum raised (range widened)', edit: (t) => sub(t, 'maximum: 100000', `maximum: 200000 ${MARK}`), code: 'CL316', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'maxLength lowered', edit: (t) => sub(t, 'maxLength: 6', `maxLength: 5 ${MARK}`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'minLength added', edit: (t) => sub(t, '          maxLength: 6\n', `          maxLength: 6\n          minLength: 2 ${MARK}\n`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'pattern changed (undecidable)', edit: (t) => sub(t, 'pattern: "^[A-Z]{4}[0-9]{2}$"', `pattern: "^[A-Z0-9]{6}$" ${MARK}`), code: 'CL317', level: 'breaking', breaks: ['consumers', 'producers'], at: 'new', exit: 1 },
  { name: 'pattern removed (widened)', edit: (t) => sub(t, '          pattern: "^[A-Z]{4}[0-9]{2}$"\n          maxLength: 6\n', `          maxLength: 6\n`), code: 'CL316', level: 'warning', breaks: ['consumers'], at: { old: 'pattern: "^[A-Z]{4}' }, exit: 0 },
  { name: 'new required property', edit: (t) => sub(t, '      - name: note\n', `      - name: currency ${MARK}\n        logicalType: string\n        required: true\n      - name: note\n`), code: 'CL306', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'new optional property', edit: (t) => sub(t, '      - name: note\n', `      - name: gift_message ${MARK}\n        logicalType: string\n      - name: note\n`), code: 'CL305', level: 'info', at: 'new', exit: 0 },
  { name: 'new schema object', edit: (t) => sub(t, 'servers:\n', `  - name: refunds ${MARK}\n    properties:\n      - name: refund_id\n        logicalType: string\nservers:\n`), code: 'CL303', level: 'info', at: 'new', exit: 0 },
  { name: 'description changed', edit: (t) => sub(t, 'description: Order total in EUR', `description: Order total in EUR, taxes included ${MARK}`), code: 'CL329', level: 'info', at: 'new', exit: 0 },
  { name: 'tags changed', edit: (t) => sub(t, 'tags: [free-text]', `tags: [free-text, pii] ${MARK}`), code: 'CL329', level: 'info', at: 'new', exit: 0 },
  { name: 'classification changed', edit: (t) => sub(t, 'classification: internal', `classification: restricted ${MARK}`), code: 'CL327', level: 'warning', at: 'new', exit: 0 },
  { name: 'quality rule removed', edit: (t) => sub(t, '    quality:\n      - metric: rowCount\n        mustBeGreaterThan: 100\n', ''), code: 'CL324', level: 'warning', breaks: ['consumers'], at: { old: 'metric: rowCount' }, exit: 0 },
  { name: 'quality rule loosened', edit: (t) => sub(t, 'mustBeGreaterThan: 100', `mustBeGreaterThan: 50 ${MARK}`), code: 'CL325', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'relationship target removed', edit: (t) => sub(t, '        relationships:\n          - type: foreignKey\n            to: users.user_id\n', ''), code: 'CL319', level: 'breaking', breaks: ['consumers'], at: { old: 'type: foreignKey' }, exit: 1 },
  { name: 'server removed', edit: (t) => sub(t, '  - server: archive\n    type: local\n    path: data/archive/orders.parquet\n    format: parquet\n', ''), code: 'CL321', level: 'breaking', breaks: ['consumers'], at: { old: 'server: archive' }, exit: 1 },
  { name: 'apiVersion major change', edit: (t) => sub(t, 'apiVersion: v3.1.0', `apiVersion: v4.0.0 ${MARK}`), code: 'CL323', level: 'breaking', at: 'new', exit: 1 },
  { name: 'validValues changed both ways', edit: (t) => sub(t, 'validValues: [new, paid, shipped]', `validValues: [new, paid, returned] ${MARK}`), code: 'CL315', level: 'breaking', breaks: ['consumers', 'producers'], at: 'new', exit: 1 },
  { name: 'multipleOf made coarser', edit: (t) => sub(t, '          maximum: 100000\n', `          maximum: 100000\n          multipleOf: 0.05 ${MARK}\n`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'format added where there was none', edit: (t) => sub(t, '      - name: note\n        logicalType: string\n', `      - name: note\n        logicalType: string\n        logicalTypeOptions:\n          format: dd/MM/yyyy ${MARK}\n`), code: 'CL315', level: 'breaking', breaks: ['producers'], at: 'new', exit: 1 },
  { name: 'relationship added', edit: (t) => sub(t, '        classification: internal\n', `        classification: internal\n        relationships:\n          - type: foreignKey ${MARK}\n            to: statuses.code\n`), code: 'CL320', level: 'warning', breaks: ['producers'], at: 'new', exit: 0 },
  { name: 'relationship target changed', edit: (t) => sub(t, 'to: users.user_id', `to: customers.user_id ${MARK}`), code: 'CL319', level: 'breaking', breaks: ['consumers'], at: { old: 'type: foreignKey' }, exit: 1 },
  { name: 'server location changed', edit: (t) => sub(t, 'path: data/orders.csv', `path: data/v2/orders.csv ${MARK}`), code: 'CL322', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'server added', edit: (t) => sub(t, 'slaProperties:\n', `  - server: replica ${MARK}\n    type: local\n    path: data/replica/orders.csv\n    format: csv\nslaProperties:\n`), code: 'CL322', level: 'info', at: 'new', exit: 0 },
  { name: 'apiVersion minor change', edit: (t) => sub(t, 'apiVersion: v3.1.0', `apiVersion: v3.0.2 ${MARK}`), code: 'CL323', level: 'info', at: 'new', exit: 0 },
  { name: 'quality rule tightened', edit: (t) => sub(t, 'mustBeGreaterThan: 100', `mustBeGreaterThan: 500 ${MARK}`), code: 'CL326', level: 'warning', breaks: ['producers'], at: 'new', exit: 0 },
  { name: 'quality rule added', edit: (t) => sub(t, '        tags: [free-text]\n', `        tags: [free-text]\n        quality:\n          - metric: nullValues ${MARK}\n            mustBe: 0\n`), code: 'CL326', level: 'warning', breaks: ['producers'], at: 'new', exit: 0 },
  { name: 'quality rule severity lowered', edit: (t) => sub(t, '        mustBeGreaterThan: 100\n', `        mustBeGreaterThan: 100\n        severity: warning ${MARK}\n`), code: 'CL325', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'status deprecated', edit: (t) => sub(t, 'status: active', `status: deprecated ${MARK}`), code: 'CL331', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'version changed', edit: (t) => sub(t, 'version: 1.2.0', `version: 1.2.1 ${MARK}`), code: 'CL330', level: 'info', at: 'new', exit: 0 },
  { name: 'schema object renamed (same id, same table)', edit: (t) => sub(t, '  - name: orders\n    id: orders_obj\n', `  - name: sales_orders ${MARK}\n    id: orders_obj\n`), code: 'CL307', level: 'warning', breaks: ['consumers'], at: 'new', exit: 0 },
  { name: 'schema object physical table renamed', edit: (t) => sub(t, '    physicalName: orders\n', `    physicalName: orders_v2 ${MARK}\n`), code: 'CL307', level: 'breaking', breaks: ['consumers', 'producers'], at: 'new', exit: 1 },
  { name: 'date format changed', edit: (t) => sub(t, 'format: yyyy-MM-dd', `format: dd/MM/yyyy ${MARK}`), code: 'CL318', level: 'breaking', breaks: ['consumers', 'producers'], at: 'new', exit: 1 },
  { name: 'timezone option changed', edit: (t) => sub(t, '      - name: note\n        logicalType: string\n', `      - name: note\n        logicalType: string\n        logicalTypeOptions:\n          timezone: UTC ${MARK}\n`), code: 'CL318', level: 'warning', at: 'new', exit: 0 },
  { name: 'SLA loosened', edit: (t) => sub(t, '    value: 4\n', `    value: 7 ${MARK}\n`), code: 'CL328', level: 'warning', at: 'new', exit: 0 },
];

describe('contractlens diff against a git base (real CLI, scratch repository)', () => {
  let repo: string;
  before(() => {
    buildCli();
    repo = makeRepo({ [FILE]: BASE });
  });

  function diffJson(args: string[] = []): { code: number; json: { contracts: { path: string; status: string; majorVersionBump: boolean; changes: JsonChange[] }[]; summary: Record<string, unknown> }; stderr: string } {
    const r = runCli(repo, ['diff', '--format', 'json', ...args]);
    assert.ok(r.stdout.trim().startsWith('{'), `json on stdout (exit ${r.code}, stderr: ${r.stderr})`);
    return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
  }

  for (const row of ROWS) {
    test(`${row.name}: ${row.code} ${row.level}, exit ${row.exit}`, () => {
      const edited = row.edit(BASE);
      writeFile(repo, FILE, edited);
      try {
        const { code, json } = diffJson();
        const changes = json.contracts.flatMap((c) => c.changes);
        const hit = changes.find((c) => c.code === row.code);
        assert.ok(hit, `${row.code} reported; got ${JSON.stringify(changes.map((c) => `${c.code}@${c.line}`))}`);
        assert.equal(hit.level, row.level);
        if (row.breaks) assert.deepEqual(hit.breaks, row.breaks);
        if (row.at === 'new') {
          assert.equal(hit.side, 'new');
          assert.equal(hit.line, lineOf(edited, MARK));
        } else {
          assert.equal(hit.side, 'old');
          assert.equal(hit.line, lineOf(BASE, row.at.old));
        }
        assert.ok(hit.before !== undefined || hit.after !== undefined, 'old and/or new value given');
        assert.equal(code, row.exit);
        // The same change in the text output, at the same place.
        const text = runCli(repo, ['diff']);
        assert.equal(text.code, row.exit);
        assert.match(text.stdout, new RegExp(`^${FILE.replace(/[./]/g, '\\$&')}:${hit.line}:${hit.column}  \\w+  .*${row.code}$`, 'm'));
      } finally {
        writeFile(repo, FILE, BASE);
      }
    });
  }

  test('no change: nothing reported, exit 0', () => {
    const { code, json } = diffJson();
    assert.equal(code, 0);
    assert.deepEqual(json.contracts.flatMap((c) => c.changes), []);
  });

  test('a rename with a stable id is a rename, not a removal', () => {
    const edited = sub(BASE, '      - name: order_id\n', `      - name: order_key ${MARK}\n`);
    writeFile(repo, FILE, edited);
    try {
      const { code, json } = diffJson();
      const changes = json.contracts.flatMap((c) => c.changes);
      assert.deepEqual(changes.map((c) => c.code), ['CL307']);
      assert.equal(changes[0].line, lineOf(edited, MARK));
      assert.equal(changes[0].before, 'order_id');
      assert.equal(changes[0].after, 'order_key');
      assert.equal(changes[0].level, 'breaking', 'the column name in the data changes');
      assert.equal(code, 1);
    } finally {
      writeFile(repo, FILE, BASE);
    }
    // Same id, physical column pinned by physicalName: only references by name must follow → warning.
    const pinned = sub(BASE, '      - name: order_id\n', `      - name: order_key ${MARK}\n        physicalName: order_id\n`);
    writeFile(repo, FILE, pinned);
    try {
      const { code, json } = diffJson();
      const changes = json.contracts.flatMap((c) => c.changes);
      assert.ok(!changes.some((c) => c.code === 'CL304' || c.code === 'CL305'), 'neither removed nor added');
      const rename = changes.find((c) => c.code === 'CL307')!;
      assert.equal(rename.level, 'warning');
      assert.equal(code, 0);
    } finally {
      writeFile(repo, FILE, BASE);
    }
    // Without an id, the same rename is a removal plus an addition.
    const noId = BASE.replace('        id: order_id_prop\n', '');
    writeFile(repo, FILE, noId);
    git(repo, 'commit', '-q', '-am', 'drop id');
    try {
      writeFile(repo, FILE, noId.replace('      - name: order_id\n', '      - name: order_key\n'));
      const codes = diffJson().json.contracts.flatMap((c) => c.changes).map((c) => c.code);
      assert.ok(codes.includes('CL304') && codes.includes('CL306'), `removed + required added: ${codes}`);
    } finally {
      writeFile(repo, FILE, BASE);
      git(repo, 'commit', '-q', '-am', 'restore id');
    }
  });

  test('a major version bump announces breaking changes: reported, exit 0; a minor bump still fails', () => {
    const removal = (t: string) => sub(t, '      - name: note\n        logicalType: string\n        tags: [free-text]\n', '');
    writeFile(repo, FILE, removal(sub(BASE, 'version: 1.2.0', 'version: 2.0.0')));
    try {
      const { code, json } = diffJson();
      assert.equal(json.contracts[0].majorVersionBump, true);
      assert.ok(json.contracts[0].changes.some((c) => c.code === 'CL304' && c.level === 'breaking'));
      assert.ok(json.contracts[0].changes.some((c) => c.code === 'CL330'));
      assert.equal(code, 0);
      writeFile(repo, FILE, removal(sub(BASE, 'version: 1.2.0', 'version: 1.3.0')));
      assert.equal(diffJson().code, 1);
    } finally {
      writeFile(repo, FILE, BASE);
    }
  });

  test('a contract added and one deleted', () => {
    const users = 'apiVersion: v3.1.0\nkind: DataContract\nid: shop-users\nname: users\nversion: 1.0.0\nstatus: active\nschema:\n  - name: users\n    properties:\n      - name: user_id\n        logicalType: string\n';
    writeFile(repo, 'contracts/users.odcs.yaml', users);
    rmSync(join(repo, FILE));
    try {
      const { code, json } = diffJson();
      const byPath = new Map(json.contracts.map((c) => [c.path, c]));
      const added = byPath.get('contracts/users.odcs.yaml')!;
      assert.equal(added.status, 'added');
      assert.deepEqual(added.changes.map((c) => [c.code, c.level, c.line]), [['CL300', 'info', lineOf(users, 'id: shop-users')]]);
      const removed = byPath.get(FILE)!;
      assert.equal(removed.status, 'removed');
      assert.deepEqual(removed.changes.map((c) => [c.code, c.level, c.side, c.line]), [['CL301', 'breaking', 'old', lineOf(BASE, 'id: shop-orders')]]);
      assert.equal(code, 1);
      // Only the added contract: info, exit 0.
      assert.equal(runCli(repo, ['diff', 'contracts/users.odcs.yaml']).code, 0);
    } finally {
      rmSync(join(repo, 'contracts/users.odcs.yaml'));
      writeFile(repo, FILE, BASE);
    }
  });

  test('a contract moved to another path (same id) is compared as one contract', () => {
    rmSync(join(repo, FILE));
    const moved = sub(BASE, 'maxLength: 6', `maxLength: 5 ${MARK}`);
    writeFile(repo, 'contracts/sales/orders.odcs.yaml', moved);
    try {
      const { code, json } = diffJson();
      assert.equal(json.contracts.length, 1, JSON.stringify(json.contracts.map((c) => c.path)));
      const c = json.contracts[0] as (typeof json.contracts)[number] & { movedFrom?: string };
      assert.equal(c.path, 'contracts/sales/orders.odcs.yaml');
      assert.equal(c.movedFrom, FILE);
      assert.equal(c.status, 'modified');
      assert.deepEqual(c.changes.map((x) => [x.code, x.line]), [['CL315', lineOf(moved, MARK)]]);
      assert.equal(code, 1);
      assert.match(runCli(repo, ['changelog']).stdout, /contracts\/sales\/orders\.odcs\.yaml` — modified \(moved from `contracts\/orders\.odcs\.yaml`\)/);
    } finally {
      rmSync(join(repo, 'contracts/sales'), { recursive: true });
      writeFile(repo, FILE, BASE);
    }
  });

  test('a base REF that does not exist: a clear error, exit 2', () => {
    const r = runCli(repo, ['diff', '--base', 'no-such-branch']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /base revision "no-such-branch" does not exist/);
    assert.equal(r.stdout, '');
    // An option-looking ref is never passed to git as an option.
    assert.equal(runCli(repo, ['diff', '--base=--output=/tmp/x']).code, 2);
  });

  test('--base accepts any revision; --fail-on warning|never; the working tree and index are untouched', () => {
    git(repo, 'tag', '-f', 'v1');
    const edited = sub(BASE, 'classification: internal', 'classification: restricted');
    writeFile(repo, FILE, edited);
    try {
      const statusBefore = git(repo, 'status', '--porcelain');
      const headBefore = git(repo, 'rev-parse', 'HEAD');
      assert.equal(runCli(repo, ['diff', '--base', 'v1']).code, 0);
      assert.equal(runCli(repo, ['diff', '--base', 'v1', '--fail-on', 'warning']).code, 1);
      assert.equal(runCli(repo, ['diff', '--fail-on', 'bogus']).code, 2);
      writeFile(repo, FILE, sub(BASE, 'maxLength: 6', 'maxLength: 5'));
      assert.equal(runCli(repo, ['diff', '--fail-on', 'never']).code, 0);
      writeFile(repo, FILE, edited);
      assert.equal(git(repo, 'status', '--porcelain'), statusBefore);
      assert.equal(git(repo, 'rev-parse', 'HEAD'), headBefore);
      assert.equal(readFile(repo, FILE), edited);
    } finally {
      writeFile(repo, FILE, BASE);
    }
  });

  test('the default base is the merge base with main when on a feature branch', () => {
    git(repo, 'checkout', '-q', '-b', 'feature');
    try {
      writeFile(repo, FILE, sub(BASE, 'maxLength: 6', 'maxLength: 5'));
      git(repo, 'commit', '-q', '-am', 'narrow coupon');
      // Committed on the branch: HEAD has no change, the merge base with main has.
      assert.equal(runCli(repo, ['diff', '--base', 'HEAD']).code, 0);
      const r = runCli(repo, ['diff']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Comparing with merge base with main/);
    } finally {
      git(repo, 'checkout', '-q', 'main');
      git(repo, 'branch', '-q', '-D', 'feature');
      writeFile(repo, FILE, BASE);
    }
  });

  test('a repository without any commit (the first commit, from a hook): every contract is added, exit 0', () => {
    const fresh = scratchDir('cl-diff-fresh-');
    git(fresh, 'init', '-q', '-b', 'main');
    writeFile(fresh, FILE, BASE);
    git(fresh, 'add', '-A');
    const r = runCli(fresh, ['diff', FILE, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.contracts.map((c: { status: string; changes: { code: string }[] }) => [c.status, c.changes.map((x) => x.code)]), [['added', ['CL300']]]);
  });

  test('folders lint skips (out/, node_modules/, .hidden/) are skipped on the base side too: nothing looks deleted', () => {
    const other = makeRepo({ 'out/orders.odcs.yaml': BASE, 'node_modules/x/orders.odcs.yaml': BASE, '.hidden/orders.odcs.yaml': BASE, [FILE]: BASE });
    const r = runCli(other, ['diff', '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout).contracts.map((c: { path: string }) => c.path), [FILE]);
  });

  test('outside a git repository: exit 2', () => {
    const r = runCli(join(repo, '..'), ['diff']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a git repository/);
  });

  test('a contract with a YAML error in the working copy: exit 2 with the reason, no crash', () => {
    writeFile(repo, FILE, BASE.replace('  - name: orders\n', '  - name: [orders\n'));
    try {
      const r = runCli(repo, ['diff']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /YAML error/);
    } finally {
      writeFile(repo, FILE, BASE);
    }
  });

  test('bad input never crashes: invalid UTF-8, an empty file, an alias bomb', () => {
    writeFileSync(join(repo, FILE), Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    try {
      const r = runCli(repo, ['diff']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /orders\.odcs\.yaml/);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
      writeFile(repo, FILE, '');
      const empty = runCli(repo, ['diff']);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /not a contract/);
      const levels = ['    b0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) levels.push(`    b${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
      const bomb = BASE.replace('  - name: order_events\n', `  - name: order_events\n${levels.join('\n')}\n`);
      writeFile(repo, FILE, bomb);
      const b = runCli(repo, ['diff', '--format', 'json']);
      assert.ok(b.code === 0 || b.code === 1, b.stderr);
      JSON.parse(b.stdout);
    } finally {
      writeFile(repo, FILE, BASE);
    }
  });

  test('changelog: Markdown for a PR comment, breaking first, with whom it breaks', () => {
    writeFile(repo, FILE, sub(sub(BASE, 'maxLength: 6', 'maxLength: 5'), 'description: Order total in EUR', 'description: Order total'));
    try {
      const r = runCli(repo, ['changelog', '--base', 'HEAD']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^## Contract changes against HEAD/);
      assert.match(r.stdout, /\*\*1 breaking\*\*, 0 warnings, 1 other change in 1 contract\./);
      const breaking = r.stdout.indexOf('Breaking');
      const other = r.stdout.indexOf('Other changes');
      assert.ok(breaking > 0 && other > breaking);
      assert.match(r.stdout, /maxLength narrowed.*CL315\) — breaks producers: `6 → 5`/);
      const out = join(repo, 'changes.md');
      assert.equal(runCli(repo, ['changelog', '--base', 'HEAD', '-o', out]).code, 0);
      assert.equal(readFileSync(out, 'utf8'), r.stdout);
      rmSync(out);
    } finally {
      writeFile(repo, FILE, BASE);
    }
  });
});
