/**
 * The CI formats through the real CLI: SARIF validated against the official SARIF 2.1.0 JSON Schema with ajv,
 * JUnit parsed as XML and counted, GitHub workflow commands matched line by line against the JSON output of the
 * same run, Markdown for step summaries. Plus the escaping rules on hostile text, rendered directly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';
import type { Report } from '../../server/src/engine/report/model.ts';
import { renderGithub } from '../../server/src/engine/report/github.ts';
import { renderJunit } from '../../server/src/engine/report/junit.ts';
import { renderMarkdown } from '../../server/src/engine/report/markdown.ts';
import { renderSarif } from '../../server/src/engine/report/sarif.ts';
import { ROOT } from '../helpers/paths.ts';
import { buildCli, makeRepo, runCli, writeFile } from '../diff/helpers.ts';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/report/sarif-schema-2.1.0.json'), 'utf8'));
const BASE = readFileSync(join(ROOT, 'test/fixtures/diff/orders.odcs.yaml'), 'utf8');
const FILE = 'contracts/orders.odcs.yaml';

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema's formats, checked for real (ajv-draft-04 ships none): absolute URIs, URI references, RFC 3339 times.
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/[\s"<>\\^`{|}]/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
  return plain(ajv.compile(SCHEMA));
}

/** ajv's validate is a type guard; a plain boolean keeps the parsed log's type in the assertions that follow. */
function plain(v: ((d: unknown) => boolean) & { errors?: unknown }): ((d: unknown) => boolean) & { errors?: unknown } {
  const f = (d: unknown): boolean => v(d);
  Object.defineProperty(f, 'errors', { get: () => v.errors });
  return f as ((d: unknown) => boolean) & { errors?: unknown };
}

/** Undoes GitHub's escaping of a command's message (data) and property values. */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

describe('CI formats from the real CLI', () => {
  let repo: string;
  before(() => {
    buildCli();
    repo = makeRepo({ [FILE]: BASE });
    // A few changes of every level: removed property (breaking), classification (warning), description (info).
    writeFile(repo, FILE, BASE.replace('      - name: note\n        logicalType: string\n        tags: [free-text]\n', '').replace('classification: internal', 'classification: restricted').replace('description: Order total in EUR', 'description: "Order total, in EUR: taxes included (100%)"'));
    // A contract with lint errors for the lint command's formats.
    writeFile(repo, 'broken/bad.odcs.yaml', 'apiVersion: v3.1.0\nkind: DataContract\nid: bad\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: strng\n        colour: red\n');
  });

  function diffJson() {
    const r = runCli(repo, ['diff', 'contracts', '--format', 'json']);
    return JSON.parse(r.stdout) as { contracts: { path: string; changes: { code: string; level: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] }[] };
  }

  test('diff --format sarif is valid SARIF 2.1.0 with rules linking to our docs and regions for each result', () => {
    const r = runCli(repo, ['diff', 'contracts', '--format', 'sarif']);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    const changes = diffJson().contracts.flatMap((c) => c.changes);
    assert.equal(run.results.length, changes.length);
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.id, /^CL3\d\d$/);
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}-[a-z-]+\\.md$`));
    }
    const removed = run.results.find((x: { ruleId: string }) => x.ruleId === 'CL304');
    const expected = changes.find((c) => c.code === 'CL304')!;
    assert.equal(removed.level, 'error');
    assert.deepEqual(removed.locations[0].physicalLocation.region, { startLine: expected.line, startColumn: expected.column, endLine: expected.endLine, endColumn: expected.endColumn });
    assert.equal(removed.locations[0].physicalLocation.artifactLocation.uri, FILE);
    assert.equal(run.tool.driver.rules[removed.ruleIndex].id, 'CL304');
    // The validator is real: a broken log is rejected.
    const broken = structuredClone(log);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(broken), false);
    delete broken.version;
    assert.equal(validate(broken), false);
  });

  test('--output FILE.sarif infers the format; lint --format sarif is valid too', () => {
    const out = join(repo, 'report.sarif');
    const r = runCli(repo, ['diff', 'contracts', '--output', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(readFileSync(out, 'utf8'))), JSON.stringify(validate.errors));
    const lint = runCli(repo, ['lint', 'broken', '--format', 'sarif']);
    assert.equal(lint.code, 1, lint.stderr);
    const log = JSON.parse(lint.stdout);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0].results.length >= 2);
    assert.ok(log.runs[0].results.every((x: { locations: unknown[] }) => x.locations.length === 1));
  });

  test('junit: XML with one testcase per rule per file, failures for errors, counts that add up', () => {
    const r = runCli(repo, ['diff', 'contracts', '--format', 'junit']);
    assert.equal(r.code, 1);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' });
    const xml = parser.parse(r.stdout);
    const suites = xml.testsuites.testsuite as { name: string; tests: string; failures: string; testcase: { name: string; failure?: { type: string } }[] }[];
    const changes = diffJson().contracts.flatMap((c) => c.changes);
    const codes = new Set(changes.map((c) => c.code));
    const breakingCodes = new Set(changes.filter((c) => c.level === 'breaking').map((c) => c.code));
    assert.equal(suites.length, 1);
    assert.equal(suites[0].name, FILE);
    assert.equal(suites[0].testcase.length, codes.size);
    assert.equal(Number(suites[0].tests), codes.size);
    const failed = suites[0].testcase.filter((t) => t.failure);
    assert.equal(failed.length, breakingCodes.size);
    assert.equal(Number(suites[0].failures), breakingCodes.size);
    assert.equal(Number(xml.testsuites.failures), breakingCodes.size);
    assert.deepEqual(new Set(failed.map((t) => t.failure!.type)), breakingCodes);
    // --output .xml picks junit.
    const out = join(repo, 'junit.xml');
    runCli(repo, ['lint', 'broken', '-o', out]);
    const lint = parser.parse(readFileSync(out, 'utf8'));
    assert.ok(Number(lint.testsuites.failures) >= 1);
  });

  test('github: one workflow command per change, matched line by line with positions, title and message', () => {
    const r = runCli(repo, ['diff', 'contracts', '--format', 'github']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const changes = diffJson().contracts.flatMap((c) => c.changes.map((ch) => ({ ...ch, path: c.path })));
    assert.equal(lines.length, changes.length);
    const re = /^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(CL\d{3})::(.*)$/;
    lines.forEach((line, i) => {
      const m = re.exec(line);
      assert.ok(m, `not a workflow command: ${line}`);
      const c = changes[i];
      assert.equal(m[1], c.level === 'breaking' ? 'error' : c.level === 'warning' ? 'warning' : 'notice');
      assert.equal(unescapeData(m[2]), c.path);
      assert.deepEqual([+m[3], +m[4], +m[5], +m[6]], [c.line, c.column, c.endLine, c.endColumn]);
      assert.equal(m[7], c.code);
      assert.ok(unescapeData(m[8]).startsWith(c.message), `${unescapeData(m[8])} starts with ${c.message}`);
      assert.ok(!m[8].includes('\n'));
    });
    // The description with "%" arrives escaped.
    assert.ok(lines.some((l) => l.includes('(100%25)')));
  });

  test('markdown: a step summary with counts and one row per change', () => {
    const r = runCli(repo, ['diff', 'contracts', '--format', 'markdown']);
    const changes = diffJson().contracts.flatMap((c) => c.changes);
    assert.match(r.stdout, /^## Contract Lens diff/);
    const rows = r.stdout.split('\n').filter((l) => /^\| (❌|⚠️|ℹ️)/.test(l));
    assert.equal(rows.length, changes.length);
    assert.match(r.stdout, new RegExp(`❌ ${changes.filter((c) => c.level === 'breaking').length} breaking`));
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 6, `a row has 4 cells: ${row}`);
  });
});

describe('renderers on hostile text', () => {
  const report: Report = {
    tool: 'check',
    files: ['data, 100%/orders.odcs.yaml'],
    entries: [
      { tool: 'check', code: 'rule-1', title: 'orders total', severity: 'error', status: 'failed', message: 'line one\nline two: 50% of rows, "quoted" <tag> & | pipe', location: { path: 'data, 100%/orders.odcs.yaml', line: 3, column: 5, endLine: 3, endColumn: 9 }, group: 'orders' },
      { tool: 'check', code: 'rule-2', title: 'ids unique', severity: 'info', status: 'passed', message: '', group: 'orders' },
      { tool: 'check', code: 'rule-3', title: 'freshness', severity: 'warning', status: 'skipped', message: 'no timestamp column', group: 'orders' },
      { tool: 'check', code: 'rule-4', title: 'rows', severity: 'error', status: 'error', message: 'file missing\u0007', group: 'users' },
    ],
  };

  test('github escapes %, CR, LF in messages and also , and : in properties', () => {
    const lines = renderGithub(report).trimEnd().split('\n');
    assert.equal(lines.length, 2, 'passed and skipped checks are not annotated');
    assert.equal(lines[0], '::error file=data%2C 100%25/orders.odcs.yaml,line=3,col=5,endLine=3,endColumn=9,title=rule-1::line one%0Aline two: 50%25 of rows, "quoted" <tag> & | pipe');
    assert.equal(lines[1], '::error title=rule-4::file missing\u0007');
  });

  test('junit counts checks: passed, failed, error, skipped; XML stays well-formed', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (n) => n === 'testsuite' || n === 'testcase' });
    const xml = parser.parse(renderJunit(report));
    assert.equal(Number(xml.testsuites.tests), 4);
    assert.equal(Number(xml.testsuites.failures), 1);
    assert.equal(Number(xml.testsuites.errors), 1);
    assert.equal(Number(xml.testsuites.skipped), 1);
    const orders = xml.testsuites.testsuite.find((s: { name: string }) => s.name === 'orders');
    assert.equal(orders.testcase[0].failure.message, 'line one\nline two: 50% of rows, "quoted" <tag> & | pipe');
  });

  test('sarif of checks: valid, passed and skipped left out', () => {
    const ajv = new Ajv({ strict: false });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
    const validate = plain(ajv.compile(SCHEMA));
    const log = JSON.parse(renderSarif(report));
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['rule-1', 'rule-4']);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'data%2C%20100%25/orders.odcs.yaml');
  });

  test('markdown keeps a message with | and newlines inside its cell', () => {
    const md = renderMarkdown(report);
    const row = md.split('\n').find((l) => l.includes('line one'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 6);
    assert.match(row, /line one<br>line two/);
    assert.match(md, /✅ 1 passed/);
  });
});

describe('the same formats for check and drift (real data through DuckDB)', () => {
  let dir: string;
  before(() => {
    buildCli();
    const fixture = join(ROOT, 'test/fixtures/precommit/contracts');
    dir = makeRepo({
      'orders.odcs.yaml': readFileSync(join(fixture, 'orders.odcs.yaml'), 'utf8'),
      // Two defects: a status outside validValues, a negative total; and a column the contract does not declare.
      'data/orders.csv': 'order_id,status,total,coupon\n1,new,10.5,A\n2,lost,20,B\n3,shipped,-7.25,C\n',
    });
  });

  test('check: SARIF valid with one result per failed rule; JUnit failures = failed rules; one GitHub line each', () => {
    const json = runCli(dir, ['check', 'orders.odcs.yaml', '--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    const failed: string[] = [];
    JSON.stringify(JSON.parse(json.stdout), (k, v) => {
      if (v && typeof v === 'object' && v.status === 'failed' && typeof v.rule === 'string') failed.push(v.rule);
      return v;
    });
    assert.ok(failed.length >= 2, `failed rules: ${failed}`);

    const sarif = JSON.parse(runCli(dir, ['check', 'orders.odcs.yaml', '--format', 'sarif']).stdout);
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    assert.equal(sarif.runs[0].results.length, failed.length);
    for (const r of sarif.runs[0].results) assert.ok(r.locations[0].physicalLocation.region.startLine > 1, 'points at the rule in the contract');

    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' });
    const junit = parser.parse(runCli(dir, ['check', 'orders.odcs.yaml', '--format', 'junit']).stdout);
    assert.equal(Number(junit.testsuites.failures), failed.length);
    assert.ok(Number(junit.testsuites.tests) > failed.length, 'passed checks are testcases too');

    const gh = runCli(dir, ['check', 'orders.odcs.yaml', '--format', 'github']).stdout.trimEnd().split('\n');
    assert.equal(gh.length, failed.length);
    for (const line of gh) assert.match(line, /^::error file=orders\.odcs\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::/);
  });

  test('drift: the undeclared column is a SARIF result at the schema object', () => {
    const r = runCli(dir, ['drift', 'orders.odcs.yaml', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0].results.some((x: { ruleId: string; message: { text: string } }) => x.ruleId === 'CL202' && /coupon/.test(x.message.text)));
    assert.ok(log.runs[0].tool.driver.rules.some((x: { id: string; helpUri: string }) => x.id === 'CL202' && x.helpUri.endsWith('CL202-extra-column.md')));
  });
});
