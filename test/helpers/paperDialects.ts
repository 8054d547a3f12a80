/**
 * Compiles the examples/shop contracts for a dialect Contract Lens does not run (engine/data/dialects/compiledOnly.ts):
 * column types as that engine's catalog would report them (from each property's logicalType), relations named the
 * way that engine quotes them. Used by the golden test and to write docs/dialects.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileTable, type CompiledTable } from '../../server/src/engine/data/checks/compile.ts';
import { columnOf, planChecks, type Rule } from '../../server/src/engine/data/checks/plan.ts';
import { PAPER_DIALECTS as PAPER, type PaperDialect } from '../../server/src/engine/data/dialects/compiledOnly.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { ROOT } from './paths.ts';

export const SHOP = join(ROOT, 'examples', 'shop');
/** A fixed "now", so the compiled SQL (latency, retention bounds) is the same on every run. */
export const NOW = new Date('2026-01-01T00:00:00Z');

export interface CompiledSchema {
  contract: string;
  schema: string;
  rules: Rule[];
  compiled: CompiledTable;
}

export function shopIndex(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const f of readdirSync(SHOP).filter((n) => n.endsWith('.odcs.yaml')).sort()) index.set(pathToFileURL(join(SHOP, f)).toString(), readFileSync(join(SHOP, f), 'utf8'));
  return index;
}

export function compileShop(pd: PaperDialect, index = shopIndex()): CompiledSchema[] {
  const out: CompiledSchema[] = [];
  const d = pd.dialect;
  const physical = new Map<string, string>();
  for (const c of index.contracts()) for (const s of c.schemas) if (s.name?.value) physical.set(`${c.uri}\u0000${s.name.value}`, s.physicalName?.value ?? s.name.value);
  for (const contract of [...index.contracts()].sort((a, b) => a.uri.localeCompare(b.uri))) {
    for (const schema of contract.schemas) {
      const name = schema.name?.value;
      if (!name) continue;
      const types = new Map<string, string>();
      for (const p of schema.properties) {
        if (!p.name?.value || p.parent) continue;
        const logical = (p.logicalType?.value ?? 'string') as keyof PaperDialect['types'];
        types.set(columnOf(p), pd.types[logical] ?? pd.types.string);
      }
      const rules = planChecks(contract, index, { schema: name });
      const relationOf = (uri: string, s: string) => {
        const t = physical.get(`${uri}\u0000${s}`);
        return t === undefined ? undefined : d.ident(t);
      };
      const compiled = compileTable(rules, { relation: d.ident(physical.get(`${contract.uri}\u0000${name}`)!), dialect: d, types, now: NOW, relationOf });
      out.push({ contract: contract.uri.slice(contract.uri.lastIndexOf('/') + 1), schema: name, rules, compiled });
    }
  }
  return out;
}

/** Every statement compiled for a schema object, labelled by what it is for. */
export function statementsOf(c: CompiledSchema, pd?: PaperDialect): { label: string; sql: string }[] {
  // What reconcile and the preview add around the compiled SQL: one row per key, and a bounded sample.
  const around = pd && c.compiled.keys[0] ? [
    { label: `${c.schema} one row per key`, sql: `SELECT count(*) AS n FROM ${pd.dialect.onePerKey(c.compiled.relation, c.compiled.keys[0].columns.map(pd.dialect.ident))} AS one_per_key` },
    { label: `${c.schema} first rows`, sql: pd.dialect.limit(`SELECT * FROM ${c.compiled.relation}`, 5) },
  ] : [];
  return [
    ...around,
    { label: `${c.schema} scan`, sql: c.compiled.scan.sql },
    ...c.compiled.keys.map((k) => ({ label: `${c.schema} key (${k.columns.join(', ')})`, sql: k.sql })),
    ...[...c.compiled.relationships].map(([id, sql]) => ({ label: id, sql })),
    ...[...c.compiled.failing].map(([id, sql]) => ({ label: `${id} failing rows`, sql })),
  ];
}

/** A rule's family for the push-down table: its kind, with the option or metric that makes it. */
function family(r: Rule): string {
  if (r.kind === 'option') return `${r.params.option}`;
  if (r.kind === 'metric') return `metric ${r.params.metric}`;
  return r.kind;
}

const oneLine = (sql: string) => sql.replace(/( AS r\d+|count\(\*\) AS total), /g, '$1,\n  ').replace(/ FROM /, '\nFROM ');

/** docs/dialects.md: what each dialect receives for the orders contract, and which rule kinds push down where. */
export function dialectsDoc(index = shopIndex()): string {
  const perDialect = PAPER.map((pd) => ({ pd, compiled: compileShop(pd, index) }));
  const families = new Map<string, Map<string, string>>();
  for (const { pd, compiled } of perDialect) {
    for (const c of compiled) {
      for (const r of c.rules) {
        if (r.kind === 'sql') continue;
        const f = family(r);
        const row = families.get(f) ?? new Map<string, string>();
        families.set(f, row);
        const skipped = c.compiled.skipped.get(r.id);
        const prev = row.get(pd.serverType);
        const mark = skipped ? `no: ${skipped}` : c.compiled.static.has(r.id) ? 'from the catalog' : 'yes';
        if (!prev || prev === 'from the catalog' || (prev === 'yes' && mark.startsWith('no'))) row.set(pd.serverType, mark);
      }
    }
  }
  const head = `| rule kind | ${PAPER.map((p) => p.label).join(' | ')} |\n|---|${PAPER.map(() => '---').join('|')}|`;
  const rows = [...families.keys()].sort().map((f) => `| ${f} | ${PAPER.map((p) => families.get(f)!.get(p.serverType) ?? '–').join(' | ')} |`);
  const capability = (label: string, fn: (pd: PaperDialect) => string) => `| ${label} | ${PAPER.map(fn).join(' | ')} |`;
  const extra = [
    capability('pattern with lookahead `(?=…)`', (p) => (p.dialect.regexProblem('(?=a)b') ? 'no (skipped, with the reason)' : 'yes')),
    capability('pattern with a non-capturing group `(?:…)`', (p) => (p.dialect.regexProblem('(?:a)b') ? 'no (skipped, with the reason)' : 'yes')),
    capability('list rules (minItems, maxItems, uniqueItems)', (p) => (p.dialect.list ? 'yes' : 'no list type')),
    capability('date format `%d.%m.%Y`', (p) => (p.dialect.tryParseTimestamp('x', '%d.%m.%Y') ? 'yes' : 'no (skipped)')),
  ];
  const orders = perDialect.map(({ pd, compiled }) => {
    const o = compiled.find((c) => c.schema === 'orders')!;
    const keys = o.compiled.keys.map((k) => `\n\`\`\`sql\n${k.sql}\n\`\`\``).join('');
    const rel = [...o.compiled.relationships].map(([id, sql]) => `\n${id}:\n\n\`\`\`sql\n${sql}\n\`\`\``).join('');
    return `### ${pd.label} (\`type: ${pd.serverType}\`)\n\nColumn types as its catalog would report them: ${Object.entries(pd.types).map(([l, t]) => `${l} → \`${t}\``).join(', ')}.\n\nThe fused scan (one pass over the table for every single-table rule):\n\n\`\`\`sql\n${oneLine(o.compiled.scan.sql)}\n\`\`\`\n\nUniqueness of the primary key:\n${keys}\n${rel ? `\nRelationship anti-joins:\n${rel}\n` : ''}`;
  });
  return `# SQL dialects: compiled and parsed, not run

The check compiler (\`server/src/engine/data/checks/compile.ts\`) decides which rules exist and what fails them; a
\`Dialect\` (\`server/src/engine/data/dialects/\`, one file per engine) decides how that is spelled. DuckDB and
PostgreSQL run the result (files, and \`type: postgres\` servers); MySQL/MariaDB too (\`type: mysql\`).

**Trino/Presto, Snowflake, BigQuery, Databricks/Spark SQL, SQL Server and Redshift are compiled and parsed, not
run.** Contract Lens has no connection to these engines. What is verified, by \`test/data/dialects-golden.test.ts\`:
every shop contract (\`examples/shop\`) is compiled for each dialect, every emitted statement (fused scans, key
queries, relationship anti-joins, failing-row selects) is parsed by that engine's grammar (node-sql-parser, the
parser lint uses, \`server/src/engine/sql/\`) as exactly one SELECT, and no rule is left uncompiled without a
stated reason. That the SQL parses is checked; that each engine computes the same counts as DuckDB is not.

Notes per engine:
- **MySQL/MariaDB**: no TRY_CAST, so a safe cast is a REGEXP shape test guarding CAST; conditional counts are
  \`SUM(CASE WHEN … THEN 1 ELSE 0 END)\`; strings double their backslashes (backslash escapes are on by default).
- **Trino/Presto**: TRY_CAST, \`regexp_like\` (Java regexes), \`count_if\`, \`date_parse\` (MySQL-style formats).
- **Snowflake**: TRY_TO_DOUBLE / TRY_TO_DATE / TRY_TO_TIMESTAMP_NTZ; \`REGEXP_LIKE\` matches the whole text, so
  "contains" is \`REGEXP_INSTR(…) > 0\`; its POSIX regexes have no lookaround, back-references or \`(?:…)\`.
- **BigQuery**: SAFE_CAST, \`SAFE.PARSE_TIMESTAMP\`, \`REGEXP_CONTAINS\` (RE2), COUNTIF, back-quoted names.
- **Databricks/Spark SQL**: TRY_CAST, \`try_to_timestamp\` (Java date patterns), RLIKE, \`count_if\`. Spark has no
  TIME type (a time of day is checked as a timestamp on 1970-01-01). node-sql-parser's Spark/Hive grammar lacks
  TRY_CAST: the test parses those statements with TRY_CAST read as CAST (same shape).
- **SQL Server**: TRY_CONVERT, bracketed names, N'' strings, \`SELECT TOP (n)\`, conditional sums (no FILTER, no
  boolean values: conditions appear only inside CASE WHEN). Regular expressions use \`REGEXP_LIKE\`, which exists
  from **SQL Server 2025** (and Azure SQL) only. Date formats: the ISO styles of TRY_CONVERT (120, 121, 126, 23).
- **Redshift**: PostgreSQL 8 syntax without FILTER or TRY_CAST: POSIX-regex shape tests guard CAST, as on
  PostgreSQL before 16; \`~\` regexes are POSIX.

A \`type: sql\` quality rule is not compiled: it runs as its author wrote it, in the server's dialect (lint parses it
with that dialect's grammar).

## Which rule kinds push down where

"yes": compiled into SQL that runs in the engine; "from the catalog": judged from the column's declared type without
a query; "no": skipped with the reason (the report says so).

${head}
${rows.join('\n')}
${extra.join('\n')}

## The orders contract, per dialect

Generated from \`examples/shop/orders.odcs.yaml\` (the reference time is fixed at ${NOW.toISOString()}). Each
rule's failing rows are \`SELECT * FROM <table> WHERE <its condition>\` in the same spelling.

${orders.join('\n')}`;
}
