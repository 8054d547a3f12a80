/**
 * The dialects whose SQL is compiled and parsed but not run: Contract Lens has no connection to these engines. They
 * exist so that the same check plan can be handed to Trino, Snowflake, BigQuery, Databricks, SQL Server or Redshift
 * (docs/dialects.md shows what each receives), and each is verified by parsing every compiled statement with that
 * engine's grammar (test/data/dialects-golden.test.ts). MySQL is here too for its own parse test; it also runs.
 */
import { bigqueryDialect } from './bigquery.js';
import { databricksDialect } from './databricks.js';
import type { Dialect } from './dialect.js';
import { mysqlDialect } from './mysql.js';
import { redshiftDialect } from './redshift.js';
import { snowflakeDialect } from './snowflake.js';
import { sqlServerDialect } from './sqlserver.js';
import { trinoDialect } from './trino.js';

export interface PaperDialect {
  dialect: Dialect;
  /** Human name. */
  label: string;
  /** ODCS server type that selects it. */
  serverType: string;
  /** The catalog's type name for each ODCS logicalType (what a table of that engine would report). */
  types: Record<'integer' | 'number' | 'string' | 'boolean' | 'date' | 'timestamp', string>;
}

export const PAPER_DIALECTS: PaperDialect[] = [
  { dialect: mysqlDialect, label: 'MySQL / MariaDB', serverType: 'mysql', types: { integer: 'bigint', number: 'double', string: 'varchar(255)', boolean: 'tinyint(1)', date: 'date', timestamp: 'datetime(6)' } },
  { dialect: trinoDialect, label: 'Trino / Presto', serverType: 'trino', types: { integer: 'bigint', number: 'double', string: 'varchar', boolean: 'boolean', date: 'date', timestamp: 'timestamp(6)' } },
  { dialect: snowflakeDialect, label: 'Snowflake', serverType: 'snowflake', types: { integer: 'NUMBER(38,0)', number: 'FLOAT', string: 'VARCHAR(16777216)', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP_NTZ(9)' } },
  { dialect: bigqueryDialect, label: 'BigQuery', serverType: 'bigquery', types: { integer: 'INT64', number: 'FLOAT64', string: 'STRING', boolean: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP' } },
  { dialect: databricksDialect, label: 'Databricks / Spark SQL', serverType: 'databricks', types: { integer: 'bigint', number: 'double', string: 'string', boolean: 'boolean', date: 'date', timestamp: 'timestamp' } },
  { dialect: sqlServerDialect, label: 'SQL Server', serverType: 'sqlserver', types: { integer: 'bigint', number: 'float', string: 'nvarchar(255)', boolean: 'bit', date: 'date', timestamp: 'datetime2' } },
  { dialect: redshiftDialect, label: 'Redshift', serverType: 'redshift', types: { integer: 'bigint', number: 'double precision', string: 'character varying(256)', boolean: 'boolean', date: 'date', timestamp: 'timestamp without time zone' } },
];
