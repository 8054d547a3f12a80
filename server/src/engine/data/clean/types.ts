/**
 * The shapes of a clean run: what the caller asks (`CleanOptions`) and what it gets back (`CleanReport`, written to
 * `clean-report.json` as is and rendered as text by report.ts). Every decision the run takes is in the report.
 */
import type { Contract } from '../../model/types.js';
import type { RowFilter } from '../../../shared/dataAccess.js';

export type CleanFormat = 'parquet' | 'csv' | 'jsonl';

/** What happened to a value that was written changed. */
export type ChangeKind = 'standardised' | 'filled' | 'parsed' | 'toUtc' | 'converted';

export const CHANGE_KINDS: ChangeKind[] = ['standardised', 'filled', 'parsed', 'toUtc', 'converted'];

export const CHANGE_TEXT: Record<ChangeKind, string> = {
  standardised: 'trimmed / case-normalised to a declared value',
  filled: 'null filled with --fill',
  parsed: 'date/time text parsed and rewritten in ISO 8601 (or the declared format)',
  toUtc: 'timestamp with an offset normalised to UTC',
  converted: 'cast to the declared type',
};

export interface FillOption {
  /** Schema object, when given as `SCHEMA.COLUMN=VALUE`. */
  schema?: string;
  /** Property name or physical column name. */
  column: string;
  value: string;
}

/** Extra date/time formats accepted for a column (`--date-format COLUMN=FORMAT`): an explicit user decision. */
export interface DateFormatOption {
  schema?: string;
  column: string;
  format: string;
}

export interface CleanOptions {
  root: string;
  /** `--filter`: only the matching rows are cleaned (and written). */
  filters?: RowFilter[];
  allowPaths?: string[];
  server?: string;
  schema?: string;
  /** Output folder (required unless dryRun). */
  outDir?: string;
  format?: CleanFormat;
  /** Dedup on the primary key keeps the row with the newest value of this column (else the first row). */
  keepLatest?: string;
  fills?: FillOption[];
  dateFormats?: DateFormatOption[];
  dropExtraColumns?: boolean;
  strictReferences?: boolean;
  dryRun?: boolean;
  /** Only the first N rows of each source. */
  limit?: number;
  /** Overwrite existing outputs, allow --out to be a source folder. */
  force?: boolean;
  /** Reference time of retention rules. */
  now?: Date;
  threads?: number;
  memoryLimit?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Examples per change kind and per quarantine rule (default 3). */
  examples?: number;
  /** Show values of sensitive (PII) columns in the report's examples. */
  includeSensitive?: boolean;
  onProgress?: (message: string, done: number, total: number) => void;
  display?: (contract: Contract) => string;
}

/** The run was refused before anything was read or written (existing output, --out = source folder…). */
export class CleanRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CleanRefused';
  }
}

export interface ValueExample {
  /** 1-based data row of the source (header not counted), `_source_row` (see TableReport.rowOrder). */
  row: number;
  before: string | null;
  after?: string | null;
}

export interface ColumnReport {
  name: string;
  property: string;
  /** The source column it was read from; null when the source has no such column. */
  source: string | null;
  sourceType: string | null;
  type: string;
  /** Decisions taken for this column, in words (type chosen, formats tried, fill, rename…). */
  decisions: string[];
  changes: { kind: ChangeKind; rows: number; examples: ValueExample[] }[];
  /** Date/time text columns: how many values each format parsed. */
  formatsFound?: { format: string; rows: number }[];
}

export interface QuarantineReport {
  rule: string;
  name: string;
  rows: number;
  examples: ValueExample[];
}

export interface TableReport {
  contract: string;
  schema: string;
  source: string;
  /** What `_source_row` numbers: the row order of the source (file order, or a database table's order, in words). */
  rowOrder: string;
  /** Output files (final names); absent on a dry run or when the table could not be read. */
  output?: { cleaned: string; quarantine: string };
  error?: string;
  rows: { read: number; written: number; quarantined: number; deduplicated: number };
  columns: ColumnReport[];
  extraColumns: { name: string; type: string; kept: boolean }[];
  quarantine: QuarantineReport[];
  deduplication?: { key: string[]; rules: string[]; keep: string; removed: number; examples: { key: string; kept: number; removed: number }[] };
  uniqueKeys: { key: string[]; rules: string[]; quarantined: number }[];
  references: { rule: string; target: string; against: 'cleaned' | 'source'; dangling: number; action: 'quarantined' | 'kept' }[];
  /** Rules clean does not enforce row by row (aggregates, cross-table SQL, skipped), and why. */
  notEnforced: { rule: string; why: string }[];
  warnings: string[];
}

export interface CleanReport {
  tool: 'contractlens clean';
  generatedAt: string;
  dryRun: boolean;
  format: CleanFormat;
  outDir: string | null;
  options: {
    keepLatest: string | null;
    fills: FillOption[];
    dateFormats: DateFormatOption[];
    dropExtraColumns: boolean;
    strictReferences: boolean;
    limit: number | null;
    now: string;
  };
  tables: TableReport[];
  totals: { read: number; written: number; quarantined: number; deduplicated: number };
  /** Problems with whole contracts (no readable server…). */
  errors: string[];
  /** Where the time went, in ms: opening the sources, the staged passes, references, figures, writing (bench/clean.mjs). */
  timing: { openMs: number; stageMs: number; referencesMs: number; figuresMs: number; writeMs: number };
}
