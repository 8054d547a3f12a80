/**
 * `contractlens lint` through the real bundled CLI as a child process: text code frames, the documented JSON,
 * exit codes, --max-warnings, missing files, folders without contracts, globs, help and usage errors.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, ROOT, scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from './cliRunner.ts';

const FIX = join(ROOT, 'test', 'fixtures', 'cli');

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
interface LintJson {
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
}

/** Line and column (1-based) of the first occurrence of `needle` in a fixture, computed from the file itself. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(FIX, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} is in ${file}`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

before(() => ensureBuilt());

describe('text output', () => {
  test('a clean folder: exit 0 and a summary line', async () => {
    const r = await runCli(['lint', 'shop'], { cwd: FIX });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'No problems in 2 files.\n');
    assert.equal(r.status, 0);
  });

  test('code frames: path:line:col severity message CODE, the source line, carets under the exact range', async () => {
    const r = await runCli(['lint', 'errors/bad.odcs.yaml'], { cwd: FIX });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const out = r.stdout.split('\n');

    const dup = positionOf('errors/bad.odcs.yaml', 'version: 2.0.0');
    const dupHeader = out.findIndex((l) => l.startsWith(`errors/bad.odcs.yaml:${dup.line}:${dup.column}  error  `) && l.endsWith('  CL002'));
    assert.ok(dupHeader >= 0, `duplicate key header in:\n${r.stdout}`);
    assert.equal(out[dupHeader + 1], `  ${dup.line} | version: 2.0.0`);
    assert.equal(out[dupHeader + 2], `  ${' '.repeat(String(dup.line).length)} | ^^^^^^^`, 'the key `version` is underlined');

    const unknown = positionOf('errors/bad.odcs.yaml', 'colour');
    const unkHeader = out.findIndex((l) => l.startsWith(`errors/bad.odcs.yaml:${unknown.line}:${unknown.column}  error  `) && l.endsWith('  CL020'));
    assert.ok(unkHeader >= 0, `unknown key header in:\n${r.stdout}`);
    assert.match(out[unkHeader], /colour/, 'the message names the key');
    assert.equal(out[unkHeader + 1], `  ${unknown.line} |         colour: blue`);
    assert.equal(out[unkHeader + 2], `  ${' '.repeat(String(unknown.line).length)} |         ^^^^^^`);

    const headers = out.filter((l) => /^errors\/bad\.odcs\.yaml:\d+:\d+ {2}error {2}/.test(l)).length;
    assert.equal(out.at(-2), `${headers} error${headers === 1 ? '' : 's'} in 1 file`);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  });

  test('colours on a terminal (a pseudo-terminal through util-linux `script`), none with NO_COLOR', () => {
    const run = (env: Record<string, string | undefined>) =>
      execFileSync('script', ['-qec', `"${process.execPath}" "${CLI}" lint errors`, '/dev/null'], { cwd: FIX, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 }).replace(/\r/g, '');
    let coloured: string;
    try {
      coloured = run({ NO_COLOR: undefined, FORCE_COLOR: undefined });
    } catch (e) {
      // exit status 1 (errors found) is expected; anything without output is a real failure
      coloured = String((e as { stdout?: string }).stdout ?? '').replace(/\r/g, '');
    }
    assert.match(coloured, /\x1b\[31merror\x1b\[39m/, 'severity in red');
    assert.match(coloured, /\x1b\[1m\x1b\[31m\^{7}\x1b\[39m\x1b\[22m/, 'carets in bold red');
    let plain: string;
    try {
      plain = run({ NO_COLOR: '1' });
    } catch (e) {
      plain = String((e as { stdout?: string }).stdout ?? '').replace(/\r/g, '');
    }
    assert.match(plain, /^errors\/bad\.odcs\.yaml:\d+:\d+ {2}error {2}/m);
    assert.doesNotMatch(plain, /\x1b\[/);
  });

  test('a multi-line range is underlined on its first line only', async () => {
    const dir = scratchDir();
    const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties: "not\n      a list"\n';
    await import('node:fs').then((fs) => fs.writeFileSync(join(dir, 'multi.odcs.yaml'), text));
    const r = await runCli(['lint', '--format', 'json', 'multi.odcs.yaml'], { cwd: dir });
    const json = JSON.parse(r.stdout) as LintJson;
    const multi = json.files[0].diagnostics.find((d) => d.endLine > d.line);
    assert.ok(multi, `a diagnostic spanning lines: ${r.stdout}`);
    const t = await runCli(['lint', 'multi.odcs.yaml'], { cwd: dir });
    const lines = t.stdout.split('\n');
    const h = lines.findIndex((l) => l.startsWith(`multi.odcs.yaml:${multi.line}:${multi.column}  `) && l.endsWith(multi.code));
    const src = text.split('\n')[multi.line - 1];
    assert.equal(lines[h + 1], `  ${multi.line} | ${src}`);
    assert.equal(lines[h + 2], `  ${' '.repeat(String(multi.line).length)} | ${' '.repeat(multi.column - 1)}${'^'.repeat(src.length - multi.column + 1)}`);
  });
});

describe('SQL', () => {
  test('a quality query that does not parse: CL123 from DuckDB\'s parser at the error inside the query', async () => {
    const r = await runCli(['lint', '-f', 'json', 'sql/bad-query.odcs.yaml'], { cwd: FIX });
    assert.equal(r.status, 1);
    const d = (JSON.parse(r.stdout) as LintJson).files[0].diagnostics;
    const q = positionOf('sql/bad-query.odcs.yaml', 'SELECT');
    const line = readFileSync(join(FIX, 'sql/bad-query.odcs.yaml'), 'utf8').split('\n')[q.line - 1];
    assert.deepEqual(d.map((x) => [x.code, x.line]), [['CL123', q.line]]);
    assert.ok(d[0].column > q.column && d[0].column <= line.length + 1, `column ${d[0].column} inside the query`);
  });
});

describe('json output', () => {
  test('exactly {files:[{path, diagnostics:[{code,severity,message,line,column,endLine,endColumn}]}]} with 1-based positions', async () => {
    const r = await runCli(['lint', '--format', 'json', 'errors', 'shop'], { cwd: FIX });
    assert.equal(r.status, 1);
    const json = JSON.parse(r.stdout) as LintJson;
    assert.deepEqual(Object.keys(json), ['files']);
    assert.deepEqual(json.files.map((f) => f.path), ['errors/bad.odcs.yaml', 'shop/orders.odcs.yaml', 'shop/users.odcs.yaml']);
    for (const f of json.files) {
      assert.deepEqual(Object.keys(f), ['path', 'diagnostics']);
      for (const d of f.diagnostics) assert.deepEqual(Object.keys(d), ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
    }
    assert.deepEqual(json.files[1].diagnostics, []);
    const bad = json.files[0].diagnostics;
    const unknown = positionOf('errors/bad.odcs.yaml', 'colour');
    const cl020 = bad.find((d) => d.code === 'CL020');
    assert.deepEqual(cl020 && { ...cl020, message: '' }, { code: 'CL020', severity: 'error', message: '', line: unknown.line, column: unknown.column, endLine: unknown.line, endColumn: unknown.column + 'colour'.length });
    const dup = positionOf('errors/bad.odcs.yaml', 'version: 2.0.0');
    const cl002 = bad.find((d) => d.code === 'CL002');
    assert.deepEqual(cl002 && { line: cl002.line, column: cl002.column, endLine: cl002.endLine, endColumn: cl002.endColumn, severity: cl002.severity }, { line: dup.line, column: 1, endLine: dup.line, endColumn: 1 + 'version'.length, severity: 'error' });
  });

  test('--output FILE.json infers the format and writes nothing to stdout', async () => {
    const dir = scratchDir();
    const out = join(dir, 'lint-report.json');
    const r = await runCli(['lint', 'shop', '--output', out], { cwd: FIX });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    const json = JSON.parse(readFileSync(out, 'utf8')) as LintJson;
    assert.equal(json.files.length, 2);
  });

  test('--output infers the registered CI formats from the extension (.sarif .xml .md); --format github', async () => {
    const dir = scratchDir();
    const dup = positionOf('errors/bad.odcs.yaml', 'version: 2.0.0');
    const sarif = await runCli(['lint', 'errors', '-o', join(dir, 'r.sarif')], { cwd: FIX });
    assert.equal(sarif.status, 1);
    const log = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    const r = log.runs[0].results.find((x) => x.ruleId === 'CL002');
    assert.equal(r?.locations[0].physicalLocation.region.startLine, dup.line);
    await runCli(['lint', 'errors', '-o', join(dir, 'r.xml')], { cwd: FIX });
    assert.match(readFileSync(join(dir, 'r.xml'), 'utf8'), /^<\?xml[^>]*\?>\s*<testsuites/);
    await runCli(['lint', 'errors', '-o', join(dir, 'r.md')], { cwd: FIX });
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /CL002/);
    const gh = await runCli(['lint', 'errors', '--format', 'github'], { cwd: FIX });
    assert.match(gh.stdout, new RegExp(`^::error file=errors/bad\\.odcs\\.yaml,line=${dup.line},col=1,endLine=${dup.line},endColumn=8,title=CL002::`, 'm'));
  });

  test('columns count UTF-16 units after non-ASCII text', async () => {
    const dir = scratchDir();
    const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n      - { name: bestellung, description: "Bestellungen – Übersicht 🛒", logicalType: string, bogus: 1 }\n';
    await import('node:fs').then((fs) => fs.writeFileSync(join(dir, 'u.odcs.yaml'), text));
    const r = await runCli(['lint', '-f', 'json', 'u.odcs.yaml'], { cwd: dir });
    const d = (JSON.parse(r.stdout) as LintJson).files[0].diagnostics.find((x) => x.code === 'CL020');
    const line = text.split('\n')[8];
    assert.deepEqual(d && [d.line, d.column, d.endColumn], [9, line.indexOf('bogus') + 1, line.indexOf('bogus') + 6]);
  });
});

describe('exit codes', () => {
  test('warnings alone exit 0; --max-warnings N fails only when exceeded', async () => {
    const plain = await runCli(['lint', '-f', 'json', 'warnings'], { cwd: FIX });
    const diags = (JSON.parse(plain.stdout) as LintJson).files[0].diagnostics;
    assert.ok(diags.length > 0 && diags.every((d) => d.severity === 'warning'), plain.stdout);
    assert.equal(plain.status, 0);
    const n = diags.length;
    assert.equal((await runCli(['lint', 'warnings', '--max-warnings', String(n)], { cwd: FIX })).status, 0);
    const over = await runCli(['lint', 'warnings', '--max-warnings', String(n - 1)], { cwd: FIX });
    assert.equal(over.status, 1);
    assert.match(over.stderr, /more than --max-warnings/);
  });

  test('a relationship to a contract beside a file named alone resolves (siblings are context, not reported)', async () => {
    const alone = await runCli(['lint', '-f', 'json', 'shop/orders.odcs.yaml'], { cwd: FIX });
    assert.deepEqual(JSON.parse(alone.stdout), { files: [{ path: 'shop/orders.odcs.yaml', diagnostics: [] }] });
    // The same file without its sibling: the target is really missing.
    const dir = scratchDir();
    copyFileSync(join(FIX, 'shop', 'orders.odcs.yaml'), join(dir, 'orders.odcs.yaml'));
    const lonely = await runCli(['lint', '-f', 'json', 'orders.odcs.yaml'], { cwd: dir });
    const codes = (JSON.parse(lonely.stdout) as LintJson).files[0].diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['CL110']);
  });

  test('usage errors exit 2 with the usage', async () => {
    for (const args of [['lint', '--bogus'], ['lint', '--max-warnings', 'many'], ['lint', '--format', 'yaml', 'shop'], ['lint', '--format']]) {
      const r = await runCli(args, { cwd: FIX });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /Usage: contractlens lint/);
      assert.equal(r.stdout, '');
    }
  });

  test('a missing file: exit 2 and a clear message; the other paths are still linted', async () => {
    const r = await runCli(['lint', 'shop', 'nope/missing.odcs.yaml'], { cwd: FIX });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read nope\/missing\.odcs\.yaml: no such file/);
    assert.match(r.stdout, /No problems in 2 files/);
  });

  test('a folder with no contracts: exit 2 with an explanation, exit 0 with --no-error-on-unmatched-pattern', async () => {
    const r = await runCli(['lint', 'no-contracts'], { cwd: FIX });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no-contracts is a folder with no contract files in it/);
    assert.match(r.stderr, /kind: DataContract/);
    assert.equal(r.stdout, '');
    const allowed = await runCli(['lint', 'no-contracts', '--no-error-on-unmatched-pattern'], { cwd: FIX });
    assert.equal(allowed.status, 0);
    const json = await runCli(['lint', 'no-contracts', '-f', 'json'], { cwd: FIX });
    assert.deepEqual(JSON.parse(json.stdout), { files: [] });
  });

  test('no arguments lint the current folder', async () => {
    const r = await runCli(['lint', '-f', 'json'], { cwd: join(FIX, 'shop') });
    assert.equal(r.status, 0);
    assert.deepEqual((JSON.parse(r.stdout) as LintJson).files.map((f) => f.path), ['orders.odcs.yaml', 'users.odcs.yaml']);
  });
});

describe('paths and globs', () => {
  test('quoted globs: *, **, {a,b}; an explicit file is linted whatever its name', async () => {
    const star = await runCli(['lint', '-f', 'json', 'shop/*.odcs.yaml'], { cwd: FIX });
    assert.deepEqual((JSON.parse(star.stdout) as LintJson).files.map((f) => f.path), ['shop/orders.odcs.yaml', 'shop/users.odcs.yaml']);
    const deep = await runCli(['lint', '-f', 'json', '**/users*.{yaml,txt}'], { cwd: FIX });
    assert.deepEqual((JSON.parse(deep.stdout) as LintJson).files.map((f) => f.path), ['shop/users.odcs.yaml', 'unusual/users-contract.txt']);
    assert.equal(deep.status, 0);
    const none = await runCli(['lint', 'shop/*.nothing'], { cwd: FIX });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no file matches shop\/\*\.nothing/);
  });

  test('the same file named twice is linted once', async () => {
    const r = await runCli(['lint', '-f', 'json', 'shop/users.odcs.yaml', 'shop', './shop/users.odcs.yaml'], { cwd: FIX });
    assert.deepEqual((JSON.parse(r.stdout) as LintJson).files.map((f) => f.path), ['shop/users.odcs.yaml', 'shop/orders.odcs.yaml']);
  });
});

describe('help and commands', () => {
  test('--help prints the lint usage; the top-level help lists lint; an unknown command exits 2', async () => {
    const help = await runCli(['lint', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^contractlens lint \[paths or globs…\]/);
    assert.match(help.stdout, /--max-warnings N/);
    const top = await runCli(['--help']);
    assert.equal(top.status, 0);
    assert.match(top.stdout, /^\s+lint\s+Validate contracts/m);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
  });
});
