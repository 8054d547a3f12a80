/** The Markdown step summary counts in plain English: "2 errors · 1 warning", "3 breaking · 2 warnings". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report, ReportEntry } from '../../server/src/engine/report/model.ts';
import { renderMarkdown } from '../../server/src/engine/report/markdown.ts';

const entry = (severity: ReportEntry['severity'], tool: Report['tool']): ReportEntry => ({ tool, code: 'CL023', title: 't', severity, message: 'm', location: { path: 'a.odcs.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 } });

test('counts are plural when they are not one', () => {
  const lint: Report = { tool: 'lint', files: ['a.odcs.yaml'], entries: [entry('error', 'lint'), entry('error', 'lint'), entry('warning', 'lint')] };
  assert.match(renderMarkdown(lint), /^❌ 2 errors · ⚠️ 1 warning in 1 file\.$/m);
  const diff: Report = { tool: 'diff', files: ['a.odcs.yaml', 'b.odcs.yaml'], entries: [entry('error', 'diff'), entry('error', 'diff'), entry('warning', 'diff'), entry('warning', 'diff'), entry('info', 'diff')] };
  assert.match(renderMarkdown(diff), /^❌ 2 breaking · ⚠️ 2 warnings · ℹ️ 1 info in 2 files\.$/m);
});
