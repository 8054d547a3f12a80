/** Failing rows of a server-side table written as JSON lines while they stream: one batch in memory at a time. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

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
