/**
 * node-sql-parser's grammars, loaded one dialect at a time on first use: each is a ~300 kB generated parser, and
 * the language server must not pay for thirteen of them at start. The build (scripts/build.mjs) writes one bundle
 * per dialect next to the server bundle (`dist/sql-dialects/<dialect>.js`); from sources (tests, tsx) the package
 * in node_modules is used instead. The module name is assembled at run time so esbuild does not bundle every
 * grammar into the server.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDialect } from './types.js';

/** The part of node-sql-parser's `Parser` we use (its own .d.ts describes it; the per-dialect builds share it). */
export interface GrammarParser {
  parse(sql: string, opt?: { database?: string }): { ast: unknown; tableList: string[]; columnList: string[] };
}

export const BUNDLED_GRAMMAR_DIR = 'sql-dialects';

const loaded = new Map<string, GrammarParser>();

export function grammarFor(dialect: Exclude<SqlDialect, 'duckdb'>): GrammarParser {
  let p = loaded.get(dialect);
  if (!p) {
    const bundled = join(__dirname, BUNDLED_GRAMMAR_DIR, `${dialect}.js`);
    const id = existsSync(bundled) ? bundled : ['node-sql-parser', 'build', dialect].join('/');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(id) as { Parser: new () => GrammarParser };
    p = new mod.Parser();
    loaded.set(dialect, p);
  }
  return p;
}
