/**
 * `contractlens preview CONTRACT [--schema NAME] [--limit N]`: the first rows of a schema object's data with the
 * cells that break a contract rule marked. Text (a table, marked cells, then what each mark means) or json (the
 * engine's PreviewResult with 1-based line/column for each rule's place in the contract).
 */
import { resolve } from 'node:path';
import { withContractSession } from '../../engine/data/open.js';
import { DEFAULT_PREVIEW_LIMIT, MAX_PREVIEW_LIMIT, findSchema, previewSchema, type PreviewResult } from '../../engine/data/preview.js';
import { LineIndex } from '../../engine/text/lineIndex.js';
import { readContractFile } from '../../engine/workspace/files.js';
import { ContractDocument } from '../../engine/workspace/document.js';
import { choiceOption, integerOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { FilterRejected } from '../../engine/sql/index.js';
import { EXIT, UsageError } from '../command.js';
import { parseNow } from './check.js';
import { palette } from '../render/colors.js';
import { displayPath } from '../render/fromFindings.js';
import { DATA_FLAGS, DATA_FLAGS_USAGE, dataAccessOptions, printPathNotes, SENSITIVE_OPTIONS, SENSITIVE_OPTIONS_USAGE, sensitiveOption } from './dataOptions.js';

const OPTIONS = {
  ...DATA_FLAGS,
  ...SENSITIVE_OPTIONS,
  format: { type: 'string', short: 'f' },
  schema: { type: 'string', short: 's' },
  limit: { type: 'string', short: 'n' },
  now: { type: 'string' },
} as const;

const USAGE = `contractlens preview CONTRACT [options]

Shows the first rows of a schema object's data (DuckDB, LIMIT pushed into the scan) and marks every cell that breaks
a row-level rule of the contract, exactly as \`check\` counts it: null in a required column, type, date format,
pattern, enum, length, range, multipleOf, library metrics (invalidValues with validValues/pattern, missingValues,
nullValues) and retention.

Options:
  -s, --schema NAME            the schema object (default: the first)
  -n, --limit N                rows to show (default ${DEFAULT_PREVIEW_LIMIT}, at most ${MAX_PREVIEW_LIMIT})
  -f, --format text|json       output format (default text)
  --now ISO                    reference time of retention rules (default: now), as for check
${DATA_FLAGS_USAGE}
${SENSITIVE_OPTIONS_USAGE}

Exit codes: 0 rows shown, 1 the data cannot be read, 2 usage error or unreadable contract.`;

export const previewCommand: Command = {
  name: 'preview',
  summary: 'Show the first rows of a schema object with the cells that break the contract marked',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = choiceOption(args.values, 'format', ['text', 'json'] as const) ?? 'text';
    const limit = integerOption(args.values, 'limit', { min: 1, max: MAX_PREVIEW_LIMIT });
    if (args.positionals.length !== 1) throw new UsageError('preview takes exactly one contract file.');
    const access = dataAccessOptions(args.values, io);
    const now = parseNow(args.values.now);
    const file = resolve(io.cwd, args.positionals[0]);
    const display = displayPath(file, io.cwd);
    const read = await readContractFile(file);
    if (!read.ok) {
      io.stderr(`contractlens preview: ${read.message.replace(file, display)}\n`);
      return EXIT.usage;
    }
    const contract = new ContractDocument(read.uri).update(read.text).contract;
    if (!contract) {
      io.stderr(`contractlens preview: ${display} is not a contract.\n`);
      return EXIT.usage;
    }
    const schema = findSchema(contract, args.values.schema);
    if (!schema) {
      const names = contract.schemas.map((s) => s.name?.value).filter(Boolean).join(', ') || 'none';
      io.stderr(`contractlens preview: ${args.values.schema ? `no schema object "${args.values.schema}"` : 'the contract has no schema object'} in ${display} (declared: ${names}).\n`);
      return EXIT.usage;
    }
    printPathNotes('preview', io, [{ contract, display }], access);
    let result: PreviewResult;
    try {
      result = await withContractSession([{ contract, path: file }], access, ({ session }) => previewSchema(session, contract, schema, { limit, now, sensitive: sensitiveOption(args.values) }));
    } catch (e) {
      if (e instanceof FilterRejected) throw e; // the user's --filter: a usage error (exit 2)
      io.stderr(`contractlens preview: ${(e as Error).message}\n`);
      return EXIT.findings;
    }
    const lines = new LineIndex(read.text);
    if (format === 'json') {
      const rules = result.rules.map(({ range, ...r }) => {
        if (!range) return r;
        const p = lines.positionAt(range.start);
        return { ...r, line: p.line + 1, column: p.character + 1 };
      });
      io.stdout(JSON.stringify({ path: display, ...result, rules }, null, 2) + '\n');
    } else {
      io.stdout(renderPreviewText(result, display, io.color));
    }
    return EXIT.clean;
  },
};

const MAX_CELL = 30;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const one = s.replace(/\s+/g, ' ');
  return one.length > MAX_CELL ? one.slice(0, MAX_CELL - 1) + '…' : one;
}

export function renderPreviewText(r: PreviewResult, path: string, color: boolean): string {
  const p = palette(color);
  const header = r.columns.map((c) => c.name);
  const cells = r.rows.map((row) => row.values.map((v, i) => cellText(v) + (row.broken?.[i] ? ' ✗' : '')));
  const widths = header.map((h, i) => Math.max(h.length, r.columns[i].type.length, ...cells.map((c) => c[i].length)));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const out: string[] = [];
  out.push(`${p.bold(path)}  schema ${p.bold(r.schemaName)}: ${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ` (first ${r.limit})` : ''}, ${r.brokenCells} cell${r.brokenCells === 1 ? '' : 's'} breaking a rule`);
  out.push('');
  out.push(header.map((h, i) => p.bold(pad(h, widths[i]))).join(' │ '));
  out.push(r.columns.map((c, i) => p.dim(pad(c.type, widths[i]))).join(' │ '));
  out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  cells.forEach((row, ri) => {
    out.push(row.map((c, i) => (r.rows[ri].broken?.[i] ? p.severity('error', pad(c, widths[i])) : pad(c, widths[i]))).join(' │ '));
  });
  const marks: string[] = [];
  r.rows.forEach((row, ri) => {
    for (const [col, ids] of Object.entries(row.broken ?? {})) {
      const name = r.columns[Number(col)].name;
      marks.push(`  row ${ri + 1}, ${name} = ${cellText(row.values[Number(col)])}: ${ids.map((id) => `${r.rules[id].message} (${r.rules[id].rule})`).join('; ')}`);
    }
  });
  if (marks.length) out.push('', 'Cells breaking a rule (✗):', ...marks);
  if (r.missingColumns.length) out.push('', `Declared but not in the data: ${r.missingColumns.join(', ')} (see contractlens drift).`);
  for (const s of r.skipped) out.push(`Not checked: ${s.property} ${s.rule}: ${s.reason}.`);
  return out.join('\n') + '\n';
}
