/**
 * The SQL parser helper process (lsp/sqlParserProcess.ts says why it exists): reads `{ id, sql }` lines on stdin,
 * answers `{ id, result }` lines with DuckDB's parse, and exits when its input ends (the server stopped it, or died).
 * Built on its own as `dist/sql-parser.js` (scripts/build.mjs), so it starts without the server's bundle.
 */
import { createInterface } from 'node:readline';
import { sharedSqlParser } from '../engine/data/index.js';
import type { SqlParserAnswer, SqlParserRequest } from './sqlParserProcess.js';

const parser = sharedSqlParser();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let req: SqlParserRequest;
  try {
    req = JSON.parse(line) as SqlParserRequest;
  } catch {
    return;
  }
  parser.parse(req.sql).then(
    (result) => reply({ id: req.id, result }),
    (e: unknown) => reply({ id: req.id, error: (e as Error)?.message ?? String(e) }),
  );
});
lines.on('close', () => {
  void parser.close().finally(() => process.exit(0));
});

function reply(a: SqlParserAnswer): void {
  process.stdout.write(JSON.stringify(a) + '\n');
}
