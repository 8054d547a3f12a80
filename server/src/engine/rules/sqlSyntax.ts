/** CL123: quality `sql` queries parsed with DuckDB's own parser (no data needed). */
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';

/** Parses one SQL text; resolves to undefined when it parses, else the error (message, offset in the SQL). */
export interface SqlParser {
  parse(sql: string): Promise<{ message: string; offset?: number } | undefined>;
}

export async function checkSqlSyntax(contract: Contract, parser: SqlParser): Promise<Finding[]> {
  void contract; void parser; // TODO(rules helper)
  return [];
}
