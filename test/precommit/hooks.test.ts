/**
 * The recipes of docs/ci.md, run for real in scratch git repositories:
 *   - the hooks of .pre-commit-hooks.yaml, invoked the way pre-commit invokes them (entry + the staged files that
 *     match `files`/`types` on the command line), passing and failing;
 *   - the plain git pre-commit hook script, installed in .git/hooks and triggered by `git commit`;
 *   - the contractlens commands of the GitHub Actions workflow and the GitLab job (CI-only syntax substituted);
 *   - the `$contractlens` problem matcher against the CLI's text output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { CLI, ROOT, scratchDir } from '../helpers/paths.ts';
import { buildCli, git, makeRepo, runCli, writeFile } from '../diff/helpers.ts';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  types?: string[];
  args?: string[];
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const HOOKS: Hook[] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
const DOC = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const FIXTURE = join(ROOT, 'test/fixtures/precommit/contracts');
const ORDERS = readFileSync(join(FIXTURE, 'orders.odcs.yaml'), 'utf8');
const CSV = readFileSync(join(FIXTURE, 'data/orders.csv'), 'utf8');

/** The fenced block that follows `<!-- test:NAME -->` in docs/ci.md. */
function docBlock(name: string): string {
  const m = new RegExp(`<!-- test:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  assert.ok(m, `docs/ci.md has a block marked test:${name}`);
  return m[1];
}

/** What pre-commit does for one hook: staged files filtered by `files` and `types`, appended to the entry. */
function runHookAsPrecommit(repo: string, hook: Hook): { ran: boolean; code: number; out: string; files: string[] } {
  const staged = git(repo, '-c', 'core.quotepath=off', 'diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
  // pre-commit's `files` is a Python regex matched with re.search; these patterns mean the same in JS.
  const files = staged.filter((f) => new RegExp(hook.files).test(f) && (!hook.types?.includes('yaml') || /\.ya?ml$/i.test(f)));
  if (files.length === 0) return { ran: false, code: 0, out: '', files };
  const [exe, ...entryArgs] = hook.entry.split(/\s+/);
  assert.equal(exe, 'contractlens', 'the entry starts the contractlens binary (the package "bin")');
  const argv = [CLI, ...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)];
  const r = spawnSync(process.execPath, argv, { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { ran: true, code: r.status ?? -1, out: r.stdout + r.stderr, files };
}

const hook = (id: string) => HOOKS.find((h) => h.id === id)!;

describe('.pre-commit-hooks.yaml', () => {
  before(buildCli);

  test('declares contractlens-lint and contractlens-diff, one process for all files', () => {
    assert.deepEqual(HOOKS.map((h) => h.id), ['contractlens-lint', 'contractlens-diff']);
    for (const h of HOOKS) {
      assert.equal(h.language, 'node');
      assert.equal(h.require_serial, true);
      assert.ok(new RegExp(h.files).test('contracts/orders.odcs.yaml'));
      assert.ok(new RegExp(h.files).test('datacontract.yml'));
      assert.ok(!new RegExp(h.files).test('config/app.yaml'));
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.bin.contractlens, 'dist/contractlens.js', 'pre-commit (language: node) runs the package bin');
  });

  test('contractlens-lint: passes on a clean staged contract, fails with the line on a broken one, skips other YAML', () => {
    const repo = makeRepo({ 'contracts/orders.odcs.yaml': ORDERS, 'contracts/data/orders.csv': CSV });
    writeFile(repo, 'contracts/orders.odcs.yaml', ORDERS.replace('version: 1.0.0', 'version: 1.0.1'));
    writeFile(repo, 'config/app.yaml', 'not: [a contract\n');
    git(repo, 'add', '-A');
    const ok = runHookAsPrecommit(repo, hook('contractlens-lint'));
    assert.deepEqual(ok.files, ['contracts/orders.odcs.yaml'], 'only contracts are passed');
    assert.equal(ok.code, 0, ok.out);

    const broken = ORDERS.replace('        logicalType: number\n', '        logicalType: nmber\n');
    writeFile(repo, 'contracts/orders.odcs.yaml', broken);
    writeFile(repo, 'contracts/users.contract.yaml', 'apiVersion: v3.1.0\nkind: DataContract\nid: u\nversion: 1.0.0\nstatus: active\nschema: []\n');
    git(repo, 'add', '-A');
    const bad = runHookAsPrecommit(repo, hook('contractlens-lint'));
    assert.deepEqual(bad.files, ['contracts/orders.odcs.yaml', 'contracts/users.contract.yaml']);
    assert.equal(bad.code, 1, bad.out);
    const line = broken.split('\n').findIndex((l) => l.includes('nmber')) + 1;
    assert.match(bad.out, new RegExp(`contracts/orders\\.odcs\\.yaml:${line}:\\d+  error  .*CL02\\d`));
  });

  test('contractlens-diff: fails on a breaking staged change, passes on compatible ones and on a major bump', () => {
    const repo = makeRepo({ 'contracts/orders.odcs.yaml': ORDERS, 'contracts/data/orders.csv': CSV });
    const stage = (text: string) => {
      writeFile(repo, 'contracts/orders.odcs.yaml', text);
      git(repo, 'add', '-A');
      return runHookAsPrecommit(repo, hook('contractlens-diff'));
    };
    const compatible = stage(ORDERS.replace('validValues: [new, paid, shipped]', 'validValues: [new, paid, shipped, returned]'));
    assert.equal(compatible.code, 0, compatible.out);
    const narrowed = ORDERS.replace('validValues: [new, paid, shipped]', 'validValues: [paid, shipped]');
    const breaking = stage(narrowed);
    assert.equal(breaking.code, 1, breaking.out);
    assert.match(breaking.out, /CL315/);
    const bumped = stage(narrowed.replace('version: 1.0.0', 'version: 2.0.0'));
    assert.equal(bumped.code, 0, bumped.out);
    assert.match(bumped.out, /major version bump/);
    // With args from .pre-commit-config.yaml (`args: [--fail-on, warning]`), a warning fails too.
    writeFile(repo, 'contracts/orders.odcs.yaml', ORDERS.replace('validValues: [new, paid, shipped]', 'validValues: [new, paid, shipped, returned]'));
    git(repo, 'add', '-A');
    assert.equal(runHookAsPrecommit(repo, { ...hook('contractlens-diff'), args: ['--fail-on', 'warning'] }).code, 1);
  });
});

describe('the plain git hook of docs/ci.md', () => {
  before(buildCli);

  test('git commit is refused on lint errors and breaking changes, allowed otherwise (paths with spaces too)', () => {
    const repo = makeRepo({ 'my contracts/orders.odcs.yaml': ORDERS, 'my contracts/data/orders.csv': CSV });
    const hookPath = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hookPath, docBlock('git-hook') + '\n');
    chmodSync(hookPath, 0o755);
    const env = { ...process.env, NO_COLOR: '1', CONTRACTLENS: `${process.execPath} ${CLI}` };
    const commit = (text: string, msg: string) => {
      writeFile(repo, 'my contracts/orders.odcs.yaml', text);
      git(repo, 'add', '-A');
      return spawnSync('git', ['commit', '-q', '-m', msg], { cwd: repo, encoding: 'utf8', env });
    };
    const head = () => git(repo, 'rev-parse', 'HEAD').trim();

    const start = head();
    const ok = commit(ORDERS.replace('version: 1.0.0', 'version: 1.0.1'), 'patch');
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    assert.notEqual(head(), start);

    const afterOk = head();
    const lintError = commit(ORDERS.replace('version: 1.0.0', 'version: 1.0.2').replace('        logicalType: number\n', '        logicalType: nmber\n'), 'typo');
    assert.notEqual(lintError.status, 0);
    assert.match(lintError.stdout + lintError.stderr, /CL02\d/);
    assert.equal(head(), afterOk, 'no commit made');

    const breaking = commit(ORDERS.replace('version: 1.0.0', 'version: 1.0.2').replace('        required: true\n        quality:', '        quality:').replace('      - name: total\n        logicalType: number\n        logicalTypeOptions:\n          minimum: 0\n', ''), 'drop total');
    assert.notEqual(breaking.status, 0);
    assert.match(breaking.stderr, /Breaking contract changes/);
    assert.match(breaking.stdout + breaking.stderr, /CL304/);
    assert.equal(head(), afterOk, 'no commit made');

    // Nothing staged that is a contract: the hook does nothing.
    writeFile(repo, 'README.md', 'hello\n');
    git(repo, 'checkout', '-q', '--', 'my contracts/orders.odcs.yaml');
    git(repo, 'reset', '-q');
    git(repo, 'add', 'README.md');
    const other = spawnSync('git', ['commit', '-q', '-m', 'docs'], { cwd: repo, encoding: 'utf8', env });
    assert.equal(other.status, 0, other.stderr);
  });
});

describe('CI recipes of docs/ci.md', () => {
  let repo: string;
  before(() => {
    buildCli();
    repo = makeRepo({ 'contracts/orders.odcs.yaml': ORDERS, 'contracts/data/orders.csv': CSV });
    git(repo, 'checkout', '-q', '-b', 'feature');
    // A compatible change on the branch (a new allowed status: a warning for consumers, no failure).
    writeFile(repo, 'contracts/orders.odcs.yaml', ORDERS.replace('validValues: [new, paid, shipped]', 'validValues: [new, paid, shipped, returned]'));
    git(repo, 'commit', '-q', '-am', 'allow returned');
  });

  /** Runs one `run:` line of a recipe with the CLI in place of `npx contractlens` and CI variables filled in. */
  function runLine(line: string, vars: Record<string, string>): { code: number; out: string } {
    let cmd = line.replace(/npx contractlens/g, `"${process.execPath}" "${CLI}"`);
    cmd = cmd.replace(/\$\{\{ github\.base_ref \}\}/g, 'main').replace(/origin\/main/g, 'main');
    const r = spawnSync('sh', ['-c', cmd], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...vars } });
    return { code: r.status ?? -1, out: r.stdout + r.stderr };
  }

  test('GitHub Actions: every contractlens step runs here and writes valid SARIF; the changelog lands in the summary', () => {
    const workflow = parse(docBlock('github-workflow'));
    const steps: { name?: string; run?: string; if?: string }[] = workflow.jobs.contracts.steps;
    const summary = join(scratchDir('cl-summary-'), 'summary.md');
    writeFileSync(summary, '');
    const runs = steps.filter((s) => s.run && (s.run.includes('contractlens') || s.run.startsWith('mkdir')));
    assert.deepEqual(runs.filter((s) => s.run!.includes('contractlens')).map((s) => / contractlens (\w+)/.exec(s.run!)![1]), ['lint', 'drift', 'check', 'diff', 'changelog']);
    for (const step of runs) {
      const r = runLine(step.run!, { GITHUB_STEP_SUMMARY: summary });
      assert.equal(r.code, 0, `${step.name ?? step.run}: ${r.out}`);
    }
    const results = readdirSync(join(repo, 'results')).sort();
    assert.deepEqual(results, ['check.sarif', 'diff.sarif', 'drift.sarif', 'lint.sarif']);
    for (const f of results) {
      const log = JSON.parse(readFileSync(join(repo, 'results', f), 'utf8'));
      assert.equal(log.version, '2.1.0', f);
      assert.equal(log.runs[0].automationDetails.id, `contractlens/${f.replace('.sarif', '')}/`, 'distinct runs for code scanning');
    }
    assert.match(readFileSync(summary, 'utf8'), /## Contract changes against main[\s\S]*newly allowed: returned/);
    const upload = steps.find((s) => (s as { uses?: string }).uses?.startsWith('github/codeql-action/upload-sarif'));
    assert.ok(upload && upload.if === 'always()');
  });

  test('GitLab CI: the script lines run here and write JUnit reports', () => {
    const job = parse(docBlock('gitlab-job')).contracts;
    const lines: string[] = job.script.filter((l: string) => l.includes('contractlens'));
    for (const line of lines) {
      const r = runLine(line.replace(/origin\/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME/g, 'main'), {});
      assert.equal(r.code, 0, `${line}: ${r.out}`);
    }
    for (const f of job.artifacts.reports.junit as string[]) {
      assert.ok(existsSync(join(repo, f)), f);
      assert.match(readFileSync(join(repo, f), 'utf8'), /^<\?xml[\s\S]*<testsuites /);
    }
  });

  test('a breaking change fails the diff step (exit 1) as the workflow expects', () => {
    writeFile(repo, 'contracts/orders.odcs.yaml', ORDERS.replace('          minimum: 0\n', '          minimum: 5\n'));
    try {
      const diffStep = parse(docBlock('github-workflow')).jobs.contracts.steps.find((s: { name?: string }) => s.name === 'Breaking changes');
      assert.equal(runLine(diffStep.run, {}).code, 1);
    } finally {
      git(repo, 'checkout', '-q', '--', 'contracts/orders.odcs.yaml');
    }
  });

  test('the $contractlens problem matcher reads every finding of the text output', (t) => {
    const { problemMatchers } = JSON.parse(docBlock('problem-matcher'));
    const contributed = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes?.problemMatchers;
    if (contributed) assert.deepEqual(contributed, problemMatchers, 'package.json contributes the matcher of docs/ci.md');
    else t.diagnostic('package.json does not contribute problemMatchers yet');
    const re = new RegExp(problemMatchers[0].pattern.regexp);
    writeFile(repo, 'contracts/bad.odcs.yaml', 'apiVersion: v3.1.0\nkind: DataContract\nid: bad\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t, with: comma\n    properties:\n      - name: a\n        logicalType: strng\n        colour: red\n');
    try {
      const text = runCli(repo, ['lint', 'contracts/bad.odcs.yaml']);
      const json = JSON.parse(runCli(repo, ['lint', 'contracts/bad.odcs.yaml', '--format', 'json']).stdout);
      const expected = json.files.flatMap((f: { path: string; diagnostics: { code: string; severity: string; line: number; column: number; message: string }[] }) => f.diagnostics.map((d) => ({ ...d, path: f.path })));
      const matched = text.stdout.split('\n').map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
      assert.ok(expected.length >= 2);
      assert.deepEqual(
        matched.map((m) => [m[1], +m[2], +m[3], m[4], m[5], m[6]]),
        expected.map((d: { path: string; line: number; column: number; severity: string; message: string; code: string }) => [d.path, d.line, d.column, d.severity, d.message, d.code]),
      );
      // The same matcher reads diff output.
      const diff = runCli(repo, ['diff', 'contracts/orders.odcs.yaml', '--base', 'main']);
      assert.ok(diff.stdout.split('\n').some((l) => re.exec(l)?.[6] === 'CL316'), diff.stdout);
    } finally {
      git(repo, 'clean', '-fq', 'contracts/bad.odcs.yaml');
    }
  });
});
