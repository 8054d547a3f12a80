/**
 * Where a contract's data lives: the `servers` entry (type `local` or `duckdb`) resolved to concrete, absolute,
 * symlink-free file paths per schema object, or (type `postgres`/`postgresql`) to a table of a PostgreSQL server.
 * Pure look-ups (stat, readdir, realpath, environment variables); nothing is opened or connected.
 *
 * Mapping a schema object to its data (as datacontract-cli does):
 *  - `path` with `{model}` / `{schema}` placeholders: replaced by the schema object's name, falling back to its
 *    `physicalName` when the name matches no file;
 *  - `path` naming a folder: the files `<physicalName|name>.<ext>` in it (or all files of the format in a sub-folder
 *    of that name); a contract with a single schema object reads every file of the format in the folder;
 *  - any other `path` (a file or a glob): every schema object reads it.
 * Every path must resolve (after following symbolic links) inside `root` or one of `allowPaths`: a contract is
 * input too, and must not point the preview at `~/.ssh/id_rsa`.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { YNode } from '../syntax/ast.js';
import type { Contract, SchemaObject, Server } from '../model/types.js';
import type { PostgresTarget } from './engines/postgres/connection.js';
import { isPostgresServer, postgresTargetOf } from './logins.js';
import { mysqlTarget, type MysqlTarget } from './engines/mysql/connection.js';
import { expandGlob, hasGlobMagic, isAllowedPath, listFolder, realpathOrSelf, statKind } from './files.js';

export type DataFormat = 'csv' | 'parquet' | 'json';

export interface ResolvedSource {
  contractUri: string;
  schemaName: string;
  serverName?: string;
  kind: 'file' | 'duckdb' | 'postgres' | 'mysql';
  /** for postgres: where the table is (credentials are looked up when connecting, never from the contract). */
  postgres?: PostgresTarget;
  /** for mysql (MySQL, MariaDB): where the table is; credentials come from the environment when connecting. */
  mysql?: MysqlTarget;
  format?: DataFormat;
  /** absolute, symlinks resolved */
  paths: string[];
  /** for duckdb: database file and table */
  database?: string;
  table?: string;
  /** for duckdb: the schema inside the database (default `main`). */
  dbSchema?: string;
  /** csv: the server's `delimiter`, when declared. */
  delimiter?: string;
  /** The YAML node the source came from (the server's `path`/`database` value), for error positions. */
  node?: YNode;
  /** Something the user should know about how the source was found (e.g. a path resolved against the cwd). */
  note?: string;
}

export interface SourceError {
  contractUri: string;
  schemaName?: string;
  serverName?: string;
  message: string;
  node?: YNode;
  /**
   * `no-data-server`: the contract declares no server Contract Lens can read (none, or only e.g. Snowflake) and none
   * was asked for by name. Not a problem of the contract: editors stay quiet about it, the CLI says so once.
   * `missing-data`: the data file or folder does not exist (yet) here: the editor warns, the CLI fails as before.
   * `connection`: the database server refused the login or could not be reached (one cause for every table on it).
   */
  reason?: 'no-data-server' | 'missing-data' | 'connection';
}

export interface ResolveOptions {
  server?: string;
  /** paths must resolve inside root (default: enclosing git repo, else cwd) */
  root: string;
  allowPaths?: string[];
  /**
   * The working folder: a relative `path` that finds nothing beside the contract is tried against it (as
   * datacontract-cli resolves paths), and the source says so in its `note`. Default: the process's working folder.
   */
  cwd?: string;
  /** Environment of datacontract-cli's variables (DATACONTRACT_DUCKDB_DATABASE/SCHEMA). Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const SUPPORTED_SERVER_TYPES = ['local', 'duckdb', 'postgres', 'postgresql', 'mysql'];

const EXTENSIONS: Record<DataFormat, string[]> = {
  csv: ['.csv', '.tsv', '.csv.gz'],
  parquet: ['.parquet'],
  json: ['.jsonl', '.ndjson', '.json', '.jsonl.gz', '.json.gz'],
};

export function parseFormat(value: unknown): DataFormat | undefined {
  const v = String(value ?? '').toLowerCase();
  if (v === 'csv' || v === 'tsv') return 'csv';
  if (v === 'parquet') return 'parquet';
  if (v === 'json' || v === 'jsonl' || v === 'ndjson' || v === 'newline_delimited_json') return 'json';
  return undefined;
}

export function formatOfFile(path: string): DataFormat | undefined {
  const lower = path.toLowerCase();
  for (const [fmt, exts] of Object.entries(EXTENSIONS) as [DataFormat, string[]][]) if (exts.some((x) => lower.endsWith(x))) return fmt;
  return undefined;
}

function field(server: Server, key: string): { text?: string; node?: YNode } {
  const f = server.fields.get(key);
  if (!f || f.value === null || f.value === undefined || typeof f.value === 'object') return { node: f?.node };
  return { text: String(f.value), node: f.node };
}

/**
 * What to tell about how a contract's sources were found (a relative path read from the working folder because
 * nothing was beside the contract), once per contract and note. Every face reports them: the CLI commands as an
 * info line on stderr, the editor as CL212 on the `path` value.
 */
export function sourceNotes(sources: readonly ResolvedSource[]): { contractUri: string; message: string; node?: YNode }[] {
  const out = new Map<string, { contractUri: string; message: string; node?: YNode }>();
  for (const s of sources) if (s.note) out.set(`${s.contractUri}\u0000${s.note}`, { contractUri: s.contractUri, message: s.note, node: s.node });
  return [...out.values()];
}

/** The server the options ask for, or the first one whose type the data layer reads. */
export function pickServer(contract: Contract, name?: string): { server?: Server; error?: string; noDataServer?: boolean } {
  if (contract.servers.length === 0 && name === undefined) return { error: 'The contract declares no servers: add a `servers` entry of type `local` (path, format) or `duckdb` (database).', noDataServer: true };
  if (name !== undefined) {
    const s = contract.servers.find((x) => x.name?.value === name);
    if (!s) return { error: `No server named "${name}" (declared: ${contract.servers.map((x) => x.name?.value ?? '?').join(', ')}).` };
    return { server: s };
  }
  const s = contract.servers.find((x) => SUPPORTED_SERVER_TYPES.includes(String(x.type?.value ?? '')));
  if (!s) return { error: `No server of a type Contract Lens reads (${SUPPORTED_SERVER_TYPES.join(', ')}); declared: ${contract.servers.map((x) => `${x.name?.value ?? '?'} (${x.type?.value ?? 'no type'})`).join(', ')}.`, noDataServer: true };
  return { server: s };
}

export function resolveSources(contract: Contract, contractPath: string, options: ResolveOptions): { sources: ResolvedSource[]; errors: SourceError[] } {
  const sources: ResolvedSource[] = [];
  const errors: SourceError[] = [];
  const contractUri = contract.uri;
  const picked = pickServer(contract, options.server);
  if (!picked.server) {
    errors.push({ contractUri, message: picked.error!, node: contract.servers[0]?.node ?? contract.root, ...(picked.noDataServer ? { reason: 'no-data-server' as const } : {}) });
    return { sources, errors };
  }
  const server = picked.server;
  const serverName = server.name?.value;
  const type = String(server.type?.value ?? '');
  const baseDir = dirname(resolve(contractPath));
  const schemas = contract.schemas.filter((s) => typeof s.name?.value === 'string' && s.name.value !== '');
  const fail = (message: string, schema?: SchemaObject, node?: YNode, reason?: SourceError['reason']): void => {
    errors.push({ contractUri, schemaName: schema?.name?.value, serverName, message, node: node ?? schema?.name?.node ?? server.node, ...(reason ? { reason } : {}) });
  };
  const checkAllowed = (real: string, node: YNode | undefined, schema?: SchemaObject): boolean => {
    if (isAllowedPath(real, options.root, options.allowPaths)) return true;
    fail(`Data path ${real} is outside the workspace root ${realpathOrSelf(options.root)}: refused. Allow it explicitly with --allow-path (CLI) or the contractlens.allowedDataPaths setting.`, schema, node);
    return false;
  };

  if (type === 'duckdb') {
    const db = field(server, 'database');
    const env = options.env ?? process.env;
    // datacontract-cli's variables for a duckdb server override the contract (credentials never live in contracts).
    const dbText = env.DATACONTRACT_DUCKDB_DATABASE || db.text || field(server, 'path').text;
    if (!dbText) {
      fail(`Server "${serverName ?? type}" of type duckdb needs a \`database\` (the database file).`, undefined, server.node);
      return { sources, errors };
    }
    const abs = isAbsolute(dbText) ? dbText : resolve(baseDir, dbText);
    if (statKind(abs) !== 'file') {
      fail(`Database file ${abs} does not exist.`, undefined, db.node ?? server.node, 'missing-data');
      return { sources, errors };
    }
    const real = realpathOrSelf(abs);
    if (!checkAllowed(real, db.node ?? server.node)) return { sources, errors };
    const dbSchema = env.DATACONTRACT_DUCKDB_SCHEMA || field(server, 'schema').text;
    for (const s of schemas) {
      sources.push({ contractUri, schemaName: s.name!.value, serverName, kind: 'duckdb', paths: [real], database: real, table: s.physicalName?.value ?? s.name!.value, dbSchema, node: db.node });
    }
    return { sources, errors };
  }

  if (isPostgresServer(server)) {
    let target: PostgresTarget;
    try {
      target = postgresTargetOf(server);
    } catch (e) {
      fail(`Server "${serverName ?? type}": ${(e as Error).message}.`, undefined, server.node);
      return { sources, errors };
    }
    for (const s of schemas) {
      const table = s.physicalName?.value ?? s.name!.value;
      sources.push({ contractUri, schemaName: s.name!.value, serverName, kind: 'postgres', paths: [], postgres: target, table, node: server.node });
    }
    return { sources, errors };
  }

  if (type === 'mysql') {
    const target = mysqlTarget(server);
    if ('error' in target) {
      fail(target.error, undefined, server.node);
      return { sources, errors };
    }
    for (const s of schemas) {
      const table = s.physicalName?.value ?? s.name!.value;
      sources.push({ contractUri, schemaName: s.name!.value, serverName, kind: 'mysql', paths: [], mysql: target, table, node: server.node });
    }
    return { sources, errors };
  }

  if (type !== 'local') {
    fail(`Server "${serverName ?? '?'}" has type "${type || 'none'}": Contract Lens reads data from servers of type ${SUPPORTED_SERVER_TYPES.join(' or ')}.`, undefined, server.type?.node ?? server.node);
    return { sources, errors };
  }
  const path = field(server, 'path');
  if (!path.text) {
    fail(`Server "${serverName ?? type}" of type local needs a \`path\` (a file, a glob or a folder).`, undefined, server.node);
    return { sources, errors };
  }
  const declaredFormat = field(server, 'format');
  const format = parseFormat(declaredFormat.text);
  if (declaredFormat.text && !format) {
    fail(`Unsupported format "${declaredFormat.text}": use csv, parquet or json (jsonl).`, undefined, declaredFormat.node);
    return { sources, errors };
  }
  const delimiter = field(server, 'delimiter').text;
  const pathNode = path.node;
  const absPattern = isAbsolute(path.text) ? path.text : resolve(baseDir, path.text);

  const cwd = options.cwd ?? process.cwd();
  const cwdPattern = isAbsolute(path.text) ? undefined : resolve(cwd, path.text);
  for (const schema of schemas) {
    const candidates = candidateNames(schema);
    const mayWalk = (dir: string) => isAllowedPath(realpathOrSelf(dir), options.root, options.allowPaths);
    let result = filesFor(absPattern, candidates, format, schemas.length === 1, mayWalk);
    let note: string | undefined;
    if ('error' in result && cwdPattern && cwdPattern !== absPattern) {
      // Nothing beside the contract: contracts written for datacontract-cli name paths from the working folder.
      const fromCwd = filesFor(cwdPattern, candidates, format, schemas.length === 1, mayWalk);
      if (!('error' in fromCwd)) {
        result = fromCwd;
        note = `path ${path.text} finds nothing beside the contract (${baseDir}); read relative to the working folder ${cwd} instead.`;
      }
    }
    if ('error' in result) {
      fail(result.error, schema, pathNode, result.missing ? 'missing-data' : undefined);
      continue;
    }
    const real = result.files.map(realpathOrSelf);
    const refused = real.filter((r) => !isAllowedPath(r, options.root, options.allowPaths));
    if (refused.length) {
      checkAllowed(refused[0], pathNode, schema);
      continue;
    }
    const fmt = format ?? formatOfFile(real[0]);
    if (!fmt) {
      fail(`Cannot tell the format of ${real[0]}: declare \`format: csv|parquet|json\` on the server.`, schema, pathNode);
      continue;
    }
    sources.push({ contractUri, schemaName: schema.name!.value, serverName, kind: 'file', format: fmt, paths: real, delimiter, node: pathNode, note });
  }
  return { sources, errors };
}

function candidateNames(schema: SchemaObject): string[] {
  const out = [schema.name!.value];
  const phys = schema.physicalName?.value;
  if (phys && phys !== out[0]) out.push(phys);
  return out;
}

const PLACEHOLDER = /\{(model|schema)\}/g;

/**
 * `mayWalk(dir)`: whether a folder may be listed or a glob walked from it. A glob whose fixed part lies outside the
 * root (say, one starting at the file-system root) is refused before any walking: every match would be refused
 * anyway, and the walk itself could cover a whole disk on each keystroke in the editor.
 */
function filesFor(pattern: string, names: string[], format: DataFormat | undefined, onlySchema: boolean, mayWalk: (dir: string) => boolean): { files: string[] } | { error: string; missing?: true } {
  const refuse = (dir: string) => ({ error: `Data path ${pattern} searches ${dir}, outside the workspace root: refused. Allow it explicitly with --allow-path (CLI) or the contractlens.allowedDataPaths setting.` });
  if (PLACEHOLDER.test(pattern)) {
    PLACEHOLDER.lastIndex = 0;
    for (const name of names) {
      const p = pattern.replace(PLACEHOLDER, name);
      if (hasGlobMagic(p) && !mayWalk(globBase(p))) return refuse(globBase(p));
      const files = existing(p);
      if (files.length) return { files };
    }
    const first = pattern.replace(PLACEHOLDER, names[0]);
    if (statKind(first) === 'other') return { error: `${first} is not a regular file.` };
    return { error: `No data file for ${names.map((n) => `"${n}"`).join(' or ')}: ${first} does not exist.`, missing: true };
  }
  const kind = hasGlobMagic(pattern) ? 'glob' : statKind(pattern);
  if (kind === 'dir') {
    if (!mayWalk(pattern)) return refuse(pattern);
    const exts = format ? EXTENSIONS[format] : Object.values(EXTENSIONS).flat();
    for (const name of names) {
      for (const x of exts) if (statKind(join(pattern, name + x)) === 'file') return { files: [join(pattern, name + x)] };
      if (statKind(join(pattern, name)) === 'dir') {
        const inner = safeList(join(pattern, name), exts);
        if (inner.length) return { files: inner };
      }
    }
    if (onlySchema) {
      const all = safeList(pattern, exts);
      if (all.length) return { files: all };
      return { error: `Folder ${pattern} holds no ${format ?? 'csv, parquet or json'} files.`, missing: true };
    }
    return { error: `Folder ${pattern} has no file for "${names[0]}" (looked for ${names.map((n) => `${n}.${format ? EXTENSIONS[format][0].slice(1) : '*'}`).join(', ')}).`, missing: true };
  }
  if (kind === 'glob') {
    if (!mayWalk(globBase(pattern))) return refuse(globBase(pattern));
    const files = expandGlob(pattern).filter((f) => statKind(f) === 'file');
    if (!files.length) return { error: `No file matches ${pattern}.`, missing: true };
    return { files };
  }
  if (kind === 'missing') return { error: `Data file ${pattern} does not exist.`, missing: true };
  if (kind === 'other') return { error: `${pattern} is not a regular file.` };
  return { files: [pattern] };
}

/** The fixed folder a glob starts from: the path up to the first segment with a wildcard. */
function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const first = segments.findIndex(hasGlobMagic);
  return segments.slice(0, first < 0 ? segments.length : first).join('/') || '/';
}

function existing(p: string): string[] {
  if (hasGlobMagic(p)) return expandGlob(p).filter((f) => statKind(f) === 'file');
  const k = statKind(p);
  if (k === 'file') return [p];
  if (k === 'dir') return safeList(p, Object.values(EXTENSIONS).flat());
  return [];
}

function safeList(dir: string, exts: string[]): string[] {
  try {
    return listFolder(dir, exts).filter((f) => statKind(f) === 'file');
  } catch {
    return [];
  }
}
