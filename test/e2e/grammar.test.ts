/**
 * The TextMate injection grammars in syntaxes/, tokenized by VS Code's own engine (vscode-textmate and
 * vscode-oniguruma from the VS Code build the e2e suite installs) together with VS Code's YAML and SQL grammars,
 * exactly as the editor combines them: SQL inside `query:` is embedded SQL, rule codes in suppression comments
 * are marked, and ordinary YAML around them is untouched.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.ts';

interface Token {
  text: string;
  scopes: string[];
}

async function tokenizer(): Promise<(text: string) => Token[][]> {
  const { ensureE2eEnvironment, VSCODE_DIR } = (await import(join(ROOT, 'test', 'e2e', 'setup.mjs'))) as { ensureE2eEnvironment(): unknown; VSCODE_DIR: string };
  ensureE2eEnvironment();
  const req = createRequire(join(VSCODE_DIR, 'package.json'));
  const onig = req('vscode-oniguruma');
  const tm = req('vscode-textmate');
  await onig.loadWASM(readFileSync(req.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] } };
  const ours = new Map(manifest.contributes.grammars.map((g) => [g.scopeName, join(ROOT, g.path)]));
  const builtIn = new Map([
    ['source.yaml', join(VSCODE_DIR, 'extensions', 'yaml', 'syntaxes', 'yaml.tmLanguage.json')],
    ['source.sql', join(VSCODE_DIR, 'extensions', 'sql', 'syntaxes', 'sql.tmLanguage.json')],
  ]);
  for (const v of ['1.0', '1.1', '1.2', '1.3']) builtIn.set(`source.yaml.${v}`, join(VSCODE_DIR, 'extensions', 'yaml', 'syntaxes', `yaml-${v}.tmLanguage.json`));
  builtIn.set('source.yaml.embedded', join(VSCODE_DIR, 'extensions', 'yaml', 'syntaxes', 'yaml-embedded.tmLanguage.json'));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope: string) => {
      const path = ours.get(scope) ?? builtIn.get(scope);
      return path ? tm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
    getInjections: (scope: string) => (scope === 'source.yaml' ? [...ours.keys()] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, 'VS Code\'s YAML grammar loads');
  return (text: string) => {
    let state = tm.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((t: { startIndex: number; endIndex: number; scopes: string[] }) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
}

const CONTRACT = `schema:
  - name: orders
    quality:
      - type: sql
        query: |
          SELECT COUNT(*) FROM orders
          WHERE total < 0
        mustBe: 0
      - type: sql
        query: SELECT COUNT(*) FROM orders WHERE status IS NULL
        mustBe: 0
    # contractlens-disable-next-line CL123 CL124
    description: not sql
`;

function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const tok = lines[line]!.find((t) => t.text.trim() === text || t.text.includes(text));
  assert.ok(tok, `token ${text} on line ${line + 1}: ${JSON.stringify(lines[line])}`);
  return tok.scopes;
}

test('SQL under `query:` is embedded SQL (block and single-line), the YAML around it is not', async () => {
  const lines = (await tokenizer())(CONTRACT);
  for (const [line, word] of [[5, 'SELECT'], [6, 'WHERE'], [9, 'SELECT'], [9, 'IS']] as const) {
    const scopes = scopesOf(lines, line, word);
    assert.ok(scopes.some((s) => s.startsWith('meta.embedded.') && s.endsWith('.sql')), `${word} on line ${line + 1} is embedded SQL: ${scopes.join(' ')}`);
    assert.ok(scopes.some((s) => s.startsWith('keyword.') && s.endsWith('.sql')), `${word} is a SQL keyword: ${scopes.join(' ')}`);
  }
  // The block ends with its indentation: `mustBe` after it is a YAML key again.
  const after = scopesOf(lines, 7, 'mustBe');
  assert.ok(!after.some((s) => s.includes('.sql')), after.join(' '));
  assert.ok(after.some((s) => s.startsWith('entity.name.tag')), after.join(' '));
  const description = scopesOf(lines, 12, 'not sql');
  assert.ok(!description.some((s) => s.includes('.sql')), description.join(' '));
});

test('rule codes and the directive in a suppression comment are highlighted inside the comment', async () => {
  const lines = (await tokenizer())(CONTRACT);
  const directive = scopesOf(lines, 11, 'contractlens-disable-next-line');
  assert.ok(directive.includes('keyword.control.directive.contractlens'), directive.join(' '));
  assert.ok(directive.some((s) => s.startsWith('comment.line')), directive.join(' '));
  for (const code of ['CL123', 'CL124']) assert.ok(scopesOf(lines, 11, code).includes('constant.language.rule-code.contractlens'), code);
});
