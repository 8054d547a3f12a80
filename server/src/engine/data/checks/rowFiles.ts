/**
 * Failing rows of a server-side table (PostgreSQL, MySQL) written to `<rule>.parquet`, the same format as for files:
 * the rows stream from the server's cursor a batch at a time into a JSON-lines spool beside the target, which DuckDB
 * then turns into Parquet (reading it as a stream) before the spool is removed. The client never holds more than one
 * batch, and a user finds the same file type whatever engine held the table.
 */
// fs.promises, not node:fs/promises: Node loads it (and readline with it) on first use, not at every start.
import { createWriteStream, promises as fsPromises } from 'node:fs';
import { once } from 'node:events';
import { sqlString } from '../sandbox.js';

export async function writeRowsStreaming(file: string, produce: (onRows: (rows: Record<string, unknown>[]) => Promise<void>) => Promise<number>): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  try {
    const n = await produce(async (rows) => {
      const chunk = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).join('\n') + '\n';
      if (!out.write(chunk)) await once(out, 'drain');
    });
    out.end();
    await once(out, 'finish');
    return n;
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** Runs `copy` (a DuckDB statement runner allowed to write the target's folder) to turn the streamed rows into Parquet. */
export async function writeRowsAsParquet(
  file: string,
  produce: (onRows: (rows: Record<string, unknown>[]) => Promise<void>) => Promise<number>,
  copy: (sql: string) => Promise<unknown>,
): Promise<number> {
  const spool = `${file}.spool.jsonl`;
  try {
    const n = await writeRowsStreaming(spool, produce);
    // Every row is sampled for the column types (sample_size -1): a late row of another shape must not fail the copy.
    await copy(`COPY (SELECT * FROM read_json(${sqlString(spool)}, format = 'newline_delimited', sample_size = -1)) TO ${sqlString(file)} (FORMAT parquet)`);
    return n;
  } finally {
    await fsPromises.rm(spool, { force: true });
  }
}
