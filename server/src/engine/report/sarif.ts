/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), what GitHub code scanning and most CI security /
 * quality dashboards ingest. One run, the driver's `rules` with a help link to each code's doc page, one result per
 * reported entry with a physical location (1-based region, exclusive end column, as SARIF counts). Passed and
 * skipped checks are not results: SARIF lists what needs attention.
 */
import type { Severity } from '../findings.js';
import { ruleDocUrl, ruleInfo } from '../rules/catalog.js';
import type { Report, ReportEntry } from './model.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/contractlens/contract-lens';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function renderSarif(report: Report, toolVersion = '0.1.0'): string {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: unknown[] = [];
  for (const e of report.entries) {
    if (e.status === 'passed' || e.status === 'skipped') continue;
    let index = ruleIndex.get(e.code);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(e.code, index);
      rules.push(ruleFor(e));
    }
    results.push(resultFor(e, index));
  }
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'contractlens', fullName: `Contract Lens ${report.tool}`, version: toolVersion, semanticVersion: toolVersion, informationUri: INFORMATION_URI, rules } },
        automationDetails: { id: `contractlens/${report.tool}/` },
        // Paths in results are relative to where the command ran (the repository root in CI).
        originalUriBaseIds: { SRCROOT: { description: { text: 'The folder contractlens ran in.' } } },
        artifacts: report.files.map((f) => ({ location: artifactLocation(f) })),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function ruleFor(e: ReportEntry): SarifRule {
  const info = ruleInfo(e.code);
  const helpUri = e.helpUri ?? ruleDocUrl(e.code);
  return {
    id: e.code,
    // SARIF's `name` is an identifier-like short name: the doc slug in PascalCase (e.g. PropertyRemoved).
    name: pascal(info?.slug ?? e.code),
    shortDescription: { text: info?.title ?? e.title ?? e.code },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: sarifLevel(info?.severity ?? e.severity) },
  };
}

function resultFor(e: ReportEntry, ruleIndex: number): unknown {
  const result: Record<string, unknown> = {
    ruleId: e.code,
    ruleIndex,
    level: sarifLevel(e.severity),
    message: { text: e.message || e.title || e.code },
  };
  if (e.location) {
    const l = e.location;
    const line = Math.max(1, l.line);
    const column = Math.max(1, l.column);
    const endLine = Math.max(line, l.endLine);
    const endColumn = endLine === line ? Math.max(column, l.endColumn) : Math.max(1, l.endColumn);
    result.locations = [{ physicalLocation: { artifactLocation: artifactLocation(l.path), region: { startLine: line, startColumn: column, endLine, endColumn } } }];
  }
  if (e.group) result.properties = { group: e.group, ...(e.status ? { status: e.status } : {}) };
  return result;
}

function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const uri = fileUri(path);
  return /^[a-z][a-z0-9+.-]*:/i.test(uri) ? { uri } : { uri, uriBaseId: 'SRCROOT' };
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded (spaces, `#`, `%`…). */
export function fileUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return p;
  const abs = p.startsWith('/');
  const encoded = p.split('/').map((s) => encodeURIComponent(s)).join('/');
  return abs ? `file://${encoded}` : encoded;
}

function pascal(slug: string): string {
  return slug.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase());
}
