/**
 * Which DuckDB column types satisfy a contract's `logicalType` / `physicalType`. The table is documented in
 * docs/data-types.md; keep the two in step. Used by drift (CL203) and by the preview/check predicates (a column
 * whose type already guarantees the logical type needs no per-cell cast check).
 */

/** DuckDB type families, from the type name DESCRIBE prints. */
export type TypeFamily = 'integer' | 'decimal' | 'float' | 'string' | 'boolean' | 'date' | 'timestamp' | 'time' | 'struct' | 'map' | 'list' | 'blob' | 'uuid' | 'interval' | 'json' | 'other';

const INTEGER_BASES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/**
 * PostgreSQL's type names (as format_type prints them, precision removed) → the DuckDB base type of the same
 * family, so one compatibility table serves both engines.
 */
const POSTGRES_NAMES: Record<string, string> = {
  'CHARACTER VARYING': 'VARCHAR', CHARACTER: 'VARCHAR', TEXT: 'VARCHAR', NAME: 'VARCHAR', CITEXT: 'VARCHAR', BPCHAR: 'VARCHAR',
  'DOUBLE PRECISION': 'DOUBLE', REAL: 'FLOAT', NUMERIC: 'DECIMAL',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP', 'TIME WITHOUT TIME ZONE': 'TIME',
  BYTEA: 'BLOB', JSONB: 'JSON', 'BIT VARYING': 'BIT',
};

/**
 * MySQL's and MariaDB's type names (information_schema.columns.column_type, display width and UNSIGNED removed) →
 * the DuckDB base type of the same family. `tinyint(1)` is how they spell a boolean.
 */
const MYSQL_NAMES: Record<string, string> = {
  DATETIME: 'TIMESTAMP', INT: 'INTEGER', MEDIUMINT: 'INTEGER', YEAR: 'SMALLINT',
  TINYTEXT: 'VARCHAR', MEDIUMTEXT: 'VARCHAR', LONGTEXT: 'VARCHAR', CHAR: 'VARCHAR', SET: 'VARCHAR',
  TINYBLOB: 'BLOB', MEDIUMBLOB: 'BLOB', LONGBLOB: 'BLOB', BINARY: 'BLOB', VARBINARY: 'BLOB',
};

function mysqlBase(t: string): string | undefined {
  if (/^TINYINT\(1\)/.test(t)) return 'BOOLEAN';
  const m = /^(DATETIME|INT|MEDIUMINT|YEAR|TINYTEXT|MEDIUMTEXT|LONGTEXT|CHAR|SET|TINYBLOB|MEDIUMBLOB|LONGBLOB|BINARY|VARBINARY)\b(\(.*?\))?(\s+UNSIGNED)?(\s+ZEROFILL)?$/.exec(t);
  if (m) return MYSQL_NAMES[m[1]];
  const int = /^(TINYINT|SMALLINT|BIGINT)\(\d+\)(\s+UNSIGNED)?(\s+ZEROFILL)?$/.exec(t);
  return int ? int[1] : undefined;
}

/** `DECIMAL(10,2)` → `DECIMAL`, `TIMESTAMP WITH TIME ZONE` → `TIMESTAMPTZ`, `VARCHAR[]` → `LIST`; PostgreSQL and MySQL names too. */
export function baseType(duckType: string): string {
  const upper = duckType.trim().toUpperCase();
  const my = mysqlBase(upper);
  if (my) return my;
  const t = upper.replace(/^(TIMESTAMP|TIME)\(\d+\)/, '$1').replace(/^(CHARACTER VARYING|CHARACTER|NUMERIC|BIT VARYING)\(.*\)$/, '$1');
  if (POSTGRES_NAMES[t]) return POSTGRES_NAMES[t];
  // hstore (an extension, named with its schema when that is not on the search path): text keys to text values.
  if (/(^|\.)HSTORE$/.test(t)) return 'MAP';
  if (/\[\d*\]$/.test(t)) return 'LIST';
  if (t.startsWith('STRUCT')) return 'STRUCT';
  if (t.startsWith('MAP')) return 'MAP';
  if (t.startsWith('UNION')) return 'UNION';
  if (t.startsWith('ENUM')) return 'ENUM';
  if (t === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMPTZ';
  if (t === 'TIME WITH TIME ZONE') return 'TIMETZ';
  return t.replace(/\(.*$/, '').trim();
}

export function familyOf(duckType: string): TypeFamily {
  const b = baseType(duckType);
  if (INTEGER_BASES.has(b)) return 'integer';
  if (b === 'DECIMAL') return 'decimal';
  if (b === 'FLOAT' || b === 'DOUBLE') return 'float';
  if (b === 'VARCHAR' || b === 'ENUM') return 'string';
  if (b === 'BOOLEAN') return 'boolean';
  if (b === 'DATE') return 'date';
  if (b.startsWith('TIMESTAMP')) return 'timestamp';
  if (b === 'TIME' || b === 'TIMETZ' || b === 'TIME_NS') return 'time';
  if (b === 'STRUCT' || b === 'UNION') return 'struct';
  if (b === 'MAP') return 'map';
  if (b === 'LIST') return 'list';
  if (b === 'BLOB' || b === 'BIT') return 'blob';
  if (b === 'UUID') return 'uuid';
  if (b === 'INTERVAL') return 'interval';
  if (b === 'JSON') return 'json';
  return 'other';
}

/**
 * logicalType (ODCS; DCS field types mapped onto them) → the DuckDB families that satisfy it.
 * `string` with `textual: true` (csv, json: types are DuckDB's guesses) accepts anything, since every value reads as
 * text; a date/timestamp/time in a VARCHAR column is accepted only when a `format` is declared.
 */
const ACCEPTS: Record<string, TypeFamily[]> = {
  integer: ['integer'],
  number: ['integer', 'decimal', 'float'],
  string: ['string', 'uuid', 'json'],
  boolean: ['boolean'],
  date: ['date'],
  timestamp: ['timestamp'],
  time: ['time'],
  object: ['struct', 'map', 'json'],
  array: ['list'],
  bytes: ['blob'],
};

/** DCS and common aliases → the ODCS logical type that has the same meaning for compatibility. */
const LOGICAL_ALIASES: Record<string, string> = {
  int: 'integer', long: 'integer', bigint: 'integer', smallint: 'integer',
  decimal: 'number', numeric: 'number', float: 'number', double: 'number',
  text: 'string', varchar: 'string', uuid: 'string',
  timestamp_tz: 'timestamp', timestamp_ntz: 'timestamp', datetime: 'timestamp',
  record: 'object', struct: 'object', map: 'object',
  bool: 'boolean',
};

export function normalizeLogicalType(logical: string): string | undefined {
  const l = logical.trim().toLowerCase();
  if (ACCEPTS[l]) return l;
  return LOGICAL_ALIASES[l];
}

export interface CompatInput {
  logicalType?: string;
  physicalType?: string;
  /** A `format` in logicalTypeOptions (e.g. `yyyy-MM-dd`): dates/timestamps may then live in text columns. */
  hasFormat?: boolean;
  /** The source infers types from text (csv, json): be lenient where a guess is not a declaration. */
  inferred?: boolean;
}

export interface CompatResult {
  ok: boolean;
  /** What was compared, for the message: `logicalType integer` or `physicalType BIGINT`. */
  declared?: string;
  /** The DuckDB types that would satisfy it, for the message and the fix. */
  expected?: string[];
}

export function logicalAccepts(logical: string, duckType: string, opts: { hasFormat?: boolean; inferred?: boolean } = {}): boolean | undefined {
  const l = normalizeLogicalType(logical);
  if (!l) return undefined;
  const fam = familyOf(duckType);
  if (ACCEPTS[l].includes(fam)) return true;
  if (l === 'string' && opts.inferred) return true;
  if ((l === 'date' || l === 'timestamp' || l === 'time') && fam === 'string' && opts.hasFormat) return true;
  // A csv guess of TIMESTAMP for a date column holding midnight times, or DATE for a timestamp column without
  // times, is a guess, not drift.
  if (opts.inferred && ((l === 'date' && fam === 'timestamp') || (l === 'timestamp' && fam === 'date'))) return true;
  return false;
}

/** physicalType names (SQL dialects, Parquet, Spark) → DuckDB base type. */
const PHYSICAL_ALIASES: Record<string, string> = {
  INT: 'INTEGER', INT4: 'INTEGER', INT32: 'INTEGER', SIGNED: 'INTEGER', SERIAL: 'INTEGER',
  INT8: 'BIGINT', INT64: 'BIGINT', LONG: 'BIGINT', BIGSERIAL: 'BIGINT',
  INT2: 'SMALLINT', INT16: 'SMALLINT', SHORT: 'SMALLINT', INT1: 'TINYINT', BYTE: 'TINYINT',
  INT128: 'HUGEINT', UINT8: 'UTINYINT', UINT16: 'USMALLINT', UINT32: 'UINTEGER', UINT64: 'UBIGINT',
  TEXT: 'VARCHAR', STRING: 'VARCHAR', CHAR: 'VARCHAR', BPCHAR: 'VARCHAR', NVARCHAR: 'VARCHAR', NCHAR: 'VARCHAR', 'CHARACTER VARYING': 'VARCHAR', CHARACTER: 'VARCHAR', CLOB: 'VARCHAR',
  FLOAT8: 'DOUBLE', FLOAT64: 'DOUBLE', 'DOUBLE PRECISION': 'DOUBLE', FLOAT4: 'FLOAT', FLOAT32: 'FLOAT', REAL: 'FLOAT',
  NUMERIC: 'DECIMAL', NUMBER: 'DECIMAL', BOOL: 'BOOLEAN', LOGICAL: 'BOOLEAN',
  DATETIME: 'TIMESTAMP', TIMESTAMP_NTZ: 'TIMESTAMP', 'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMPTZ', TIMESTAMP_TZ: 'TIMESTAMPTZ', TIMESTAMP_LTZ: 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  BYTEA: 'BLOB', BINARY: 'BLOB', VARBINARY: 'BLOB', BYTES: 'BLOB',
  ARRAY: 'LIST', RECORD: 'STRUCT', OBJECT: 'STRUCT', VARIANT: 'JSON',
};

export function normalizePhysicalType(physical: string): string {
  const t = physical.trim().toUpperCase();
  if (/^(ARRAY|LIST)\s*</.test(t) || /\[\d*\]$/.test(t)) return 'LIST';
  if (/^(STRUCT|ROW|RECORD)\s*[<(]/.test(t)) return 'STRUCT';
  if (/^MAP\s*[<(]/.test(t)) return 'MAP';
  const base = t.replace(/\(.*$/, '').trim();
  return PHYSICAL_ALIASES[base] ?? baseType(base);
}

/**
 * Whether the data's DuckDB type satisfies a declared physicalType. Exact base types for typed sources (parquet,
 * duckdb: an INTEGER declared and a BIGINT found is drift); same family for inferred ones (csv, json guess widths).
 */
export function physicalAccepts(physical: string, duckType: string, inferred = false): boolean {
  const want = normalizePhysicalType(physical);
  const have = baseType(duckType);
  // The engine's own spelling, as its catalog prints it (MySQL `tinyint(1)` is a BOOLEAN column).
  if (want === have || baseType(physical) === have) return true;
  if (want === 'VARCHAR' && have === 'ENUM') return true;
  const wf = familyOf(want);
  if (wf === 'other') return true; // a vendor type we cannot judge: never raise drift on a guess
  if (!inferred) return false;
  // A guess from text: any guess is fine for text; numbers guessed narrower (all values happened to be whole) are
  // fine for a decimal/float column; dates and timestamps guess into each other.
  const hf = familyOf(have);
  if (wf === hf || wf === 'string') return true;
  if ((wf === 'float' || wf === 'decimal') && (hf === 'integer' || hf === 'float' || hf === 'decimal')) return true;
  return (wf === 'date' || wf === 'timestamp') && (hf === 'date' || hf === 'timestamp');
}

/** The logicalType a column of this DuckDB type most likely has, for "add property from the data" fixes. */
export function logicalTypeFor(duckType: string): string {
  switch (familyOf(duckType)) {
    case 'integer':
      return 'integer';
    case 'decimal':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'time':
      return 'time';
    case 'struct':
    case 'map':
      return 'object';
    case 'list':
      return 'array';
    default:
      return 'string';
  }
}

export function expectedTypesFor(logical: string): string[] {
  const l = normalizeLogicalType(logical);
  if (!l) return [];
  const names: Record<TypeFamily, string[]> = {
    integer: ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT…UHUGEINT'],
    decimal: ['DECIMAL'],
    float: ['FLOAT', 'DOUBLE'],
    string: ['VARCHAR'],
    boolean: ['BOOLEAN'],
    date: ['DATE'],
    timestamp: ['TIMESTAMP', 'TIMESTAMPTZ'],
    time: ['TIME', 'TIMETZ'],
    struct: ['STRUCT'],
    map: ['MAP'],
    list: ['LIST'],
    blob: ['BLOB'],
    uuid: ['UUID'],
    interval: ['INTERVAL'],
    json: ['JSON'],
    other: [],
  };
  return ACCEPTS[l].flatMap((f) => names[f]);
}

/**
 * Whether a column's type holds instants with a time zone (TIMESTAMPTZ; PostgreSQL `timestamp with time zone`).
 * MySQL's TIMESTAMP is one too, but its name says so only with the engine: typeVerdict.ts passes that.
 */
export function isZonedTimestamp(type: string): boolean {
  return baseType(type) === 'TIMESTAMPTZ';
}
