/**
 * Bad input never crashes a feature: every feature service is asked at many offsets of every ODCS corpus file, of
 * truncated copies (what a file looks like while it is being typed) and of hostile texts (empty, not a mapping,
 * binary-looking, tabs, an alias bomb). Answers must stay inside the text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { codeActions } from '../../server/src/engine/features/codeActions.ts';
import { complete } from '../../server/src/engine/features/completion.ts';
import { definition, prepareRename, references, rename } from '../../server/src/engine/features/definition.ts';
import { foldingRanges } from '../../server/src/engine/features/folding.ts';
import { hover } from '../../server/src/engine/features/hover.ts';
import { selectionRanges } from '../../server/src/engine/features/selection.ts';
import { documentSymbols, workspaceSymbols } from '../../server/src/engine/features/symbols.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { CORPUS, ROOT } from '../helpers/paths.ts';

function corpusTexts(): [string, string][] {
  const out: [string, string][] = [];
  for (const sub of ['v3.1.0/examples', 'v3.2.0-draft/examples', 'v3.2.0-draft/negative']) {
    const dir = join(CORPUS, sub);
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) out.push([`${sub}/${f}`, readFileSync(join(dir, f), 'utf8')]);
  }
  return out;
}

function hostile(): [string, string][] {
  let bomb = 'apiVersion: v3.1.0\nkind: DataContract\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 8; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return [
    ['dcs', readFileSync(join(ROOT, 'test/fixtures/rules/dcs/datacontract.yaml'), 'utf8')],
    ['empty', ''],
    ['only a comment', '# nothing\n'],
    ['a list', '- a\n- b\n'],
    ['a scalar', 'just text'],
    ['binary-looking', 'apiVersion: v3.1.0\nkind: DataContract\n\u0000\u0001\u0002: \uFFFD\uFFFD\n'],
    ['tabs', 'apiVersion: v3.1.0\nkind: DataContract\nschema:\n\t- name: x\n'],
    ['alias bomb', bomb],
    ['flow everything', '{apiVersion: v3.1.0, kind: DataContract, schema: [{name: a, properties: [{name: b, relationships: [{to: a.b}]}]}]}'],
    ['unterminated', 'apiVersion: v3.1.0\nkind: DataContract\nschema:\n  - name: "x\n    properties: [\n'],
    ['crlf', 'apiVersion: v3.1.0\r\nkind: DataContract\r\nschema:\r\n  - name: t\r\n    properties:\r\n      - name: c\r\n        relationships:\r\n          - to: t.c\r\n'],
  ];
}

test('every feature answers at every place of corpus files, truncated copies and hostile texts, without throwing', () => {
  const index = new WorkspaceIndex();
  const texts = [...corpusTexts(), ...hostile()];
  // Truncations of the first corpus files: half-typed documents.
  for (const [name, text] of texts.slice(0, 6)) for (const cut of [0.2, 0.5, 0.83]) texts.push([`${name} cut ${cut}`, text.slice(0, Math.floor(text.length * cut))]);
  texts.forEach(([name, text], i) => index.set(`file:///corpus/${i}/${name.replace(/[^\w.]/g, '_')}.odcs.yaml`, text));
  let asked = 0;
  for (const doc of index.documents()) {
    const len = doc.text.length;
    const inside = (r: { start: number; end: number }) => r.start >= 0 && r.end <= len && r.start <= r.end;
    const step = Math.max(1, Math.floor(len / 120));
    try {
      for (const s of documentSymbols(doc)) assert.ok(inside(s.range) && inside(s.selectionRange));
      for (const f of foldingRanges(doc)) assert.ok(inside(f));
      for (let offset = 0; offset <= len; offset += step) {
        asked++;
        for (const e of complete(doc, offset, index)) assert.ok(inside(e.range), 'completion range');
        const h = hover(doc, offset, index);
        if (h) assert.ok(inside(h.range));
        definition(doc, offset, index);
        references(doc, offset, index, true);
        const prep = prepareRename(doc, offset, index);
        if (prep) {
          assert.ok(inside(prep.range));
          rename(doc, offset, 'renamed', index);
        }
        for (const chain of selectionRanges(doc, [offset])) for (const r of chain) assert.ok(inside(r));
        codeActions(doc, [{ code: 'CL020', range: { start: offset, end: Math.min(len, offset + 3) } }]);
      }
    } catch (e) {
      assert.fail(`${doc.uri}: ${(e as Error).stack}`);
    }
  }
  assert.ok(asked > 5000, `asked ${asked} times`);
  assert.ok(workspaceSymbols(index.contracts(), '').length > 100);
});
