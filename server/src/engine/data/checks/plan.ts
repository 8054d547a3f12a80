/**
 * The check plan: every rule a contract states about its data, as plain data (`Rule`). The compiler turns the rules
 * of one schema object into a few SQL queries; the runner executes them; nothing here touches DuckDB.
 *
 * Rule ids are stable and readable: `<schema>.<property>.<what>` (`orders.user_id.required`,
 * `users.email.valid_email` for a named quality rule), `<schema>.<what>` for schema-level rules
 * (`inventory.primaryKey`, `orders.total_matches_items`).
 */
import type { Contract, Located, Property, QualityOperator, QualityRule, SchemaObject } from '../../model/types.js';
import type { YNode } from '../../syntax/ast.js';
import type { ContractLookup } from '../../workspace/index.js';
import { parseReference, resolveReference } from '../../workspace/references.js';
import { propertyLabel, unnamedParts } from '../typeVerdict.js';

export type RuleKind =
  | 'presence'
  | 'type'
  | 'required'
  | 'unique'
  | 'primaryKey'
  | 'option'
  | 'enum'
  | 'metric'
  | 'sql'
  | 'relationship'
  | 'latency'
  | 'retention';

export type RuleSeverity = 'error' | 'warning' | 'info';

export interface Rule {
  id: string;
  contractUri: string;
  schema: string;
  property?: string;
  kind: RuleKind;
  /** A short title a person reads in the report. */
  name: string;
  params: RuleParams;
  severity: RuleSeverity;
  /** ODCS quality dimension (`completeness`, `uniqueness`…): as written on a quality rule, else implied by the kind. */
  dimension?: string;
  /** Where the rule is written in the contract (for report locations). */
  node?: YNode;
  /** The property the rule constrains (its cell predicates come from engine/data/predicates.ts). */
  model?: Property;
}

export interface RuleParams {
  /** Data column of the property (physicalName, else name). */
  column?: string;
  logicalType?: string;
  /** option: the logicalTypeOptions key and value. */
  option?: string;
  value?: unknown;
  /** enum values. */
  values?: unknown[];
  /** unique / primaryKey / duplicateValues: the key columns. */
  columns?: string[];
  /** metric: nullValues, missingValues, invalidValues, duplicateValues, rowCount. */
  metric?: string;
  operator?: QualityOperator;
  threshold?: unknown;
  unit?: 'rows' | 'percent';
  arguments?: Record<string, unknown>;
  /** sql rules. */
  query?: string;
  /** relationship target. */
  target?: { contractUri: string; schema: string; columns: string[] };
  /** type: the rule is about a nested property (`model`), judged on its type inside the column's. */
  nested?: boolean;
  /** latency / retention: the SLA value and unit. */
  amount?: number;
  timeUnit?: string;
}

/** The dimension a rule measures when the contract does not say: what ODCS's dimension list means by each kind. */
const KIND_DIMENSIONS: Record<RuleKind, string> = {
  presence: 'conformity', type: 'conformity', option: 'conformity', enum: 'conformity', required: 'completeness',
  unique: 'uniqueness', primaryKey: 'uniqueness', relationship: 'consistency', latency: 'timeliness', retention: 'timeliness',
  metric: 'accuracy', sql: 'consistency',
};

export function dimensionOf(rule: Pick<Rule, 'kind' | 'dimension'>): string {
  return rule.dimension || KIND_DIMENSIONS[rule.kind];
}

export interface PlanOptions {
  /** Only this schema object. */
  schema?: string;
}

const METRICS = new Set(['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount']);

export function columnOf(p: Property): string {
  return p.physicalName?.value ?? p.name?.value ?? '';
}

function severityOf(q: QualityRule): RuleSeverity {
  const s = q.severity?.value?.toLowerCase();
  return s === 'warning' || s === 'info' ? s : 'error';
}

/** Every rule of a contract (all schema objects, or the one named in `options.schema`). */
export function planChecks(contract: Contract, lookup: ContractLookup, options: PlanOptions = {}): Rule[] {
  const rules: Rule[] = [];
  const used = new Set<string>();
  const add = (rule: Omit<Rule, 'contractUri'>) => {
    let id = rule.id;
    for (let n = 2; used.has(id); n++) id = `${rule.id}#${n}`;
    used.add(id);
    rules.push({ ...rule, id, contractUri: contract.uri });
  };
  for (const schema of contract.schemas) {
    const sName = schema.name?.value;
    if (!sName || (options.schema && options.schema !== sName)) continue;
    planSchema(contract, schema, sName, lookup, add);
  }
  planSla(contract, options, add);
  return rules;
}

type Add = (rule: Omit<Rule, 'contractUri'>) => void;

function planSchema(contract: Contract, schema: SchemaObject, sName: string, lookup: ContractLookup, add: Add): void {
  const top = schema.properties.filter((p) => p.name?.value);
  for (const p of top) {
    const pName = p.name!.value;
    const column = columnOf(p);
    const lt = p.logicalType?.value;
    const base = { schema: sName, property: pName, model: p };
    add({ ...base, id: `${sName}.${pName}.presence`, kind: 'presence', name: `column ${column} exists`, params: { column }, severity: 'error', node: p.name!.node });
    const declaredType = lt ?? p.physicalType?.value;
    if (declaredType) add({ ...base, id: `${sName}.${pName}.type`, kind: 'type', name: `values are ${declaredType}`, params: { column, logicalType: lt, option: p.options.has('format') ? 'format' : undefined }, severity: 'error', node: (p.logicalType ?? p.physicalType)!.node });
    planNested(p, sName, column, add);
    if (p.required?.value) add({ ...base, id: `${sName}.${pName}.required`, kind: 'required', name: `${pName} is required (no nulls)`, params: { column }, severity: 'error', node: p.required.node });
    if (p.unique?.value) add({ ...base, id: `${sName}.${pName}.unique`, kind: 'unique', name: `${pName} is unique`, params: { column, columns: [column] }, severity: 'error', node: p.unique.node });
    for (const [key, v] of p.options) {
      add({ ...base, id: `${sName}.${pName}.${key}`, kind: 'option', name: `${key}: ${JSON.stringify(v.value)}`, params: { column, logicalType: lt, option: key, value: v.value }, severity: 'error', node: v.node });
    }
    if (p.enumValues?.length) {
      const values = p.enumValues.map((e) => (e.value && typeof e.value === 'object' && 'kind' in (e.value as object) ? enumValueOf(e) : e.value));
      add({ ...base, id: `${sName}.${pName}.enum`, kind: 'enum', name: `${pName} is one of ${values.length} values`, params: { column, values }, severity: 'error', node: p.enumValues[0].node });
    }
    for (const q of p.quality) planQuality(q, sName, pName, column, add);
    for (const r of p.relationships) {
      const to = r.to[0];
      if (!to) continue;
      const target = resolveTarget(contract, to.value, lookup);
      add({ ...base, id: `${sName}.${pName}.relationship`, kind: 'relationship', name: `${pName} references ${to.value}`, params: { column, columns: [column], target }, severity: 'error', node: to.node });
    }
  }
  // Primary key: one property → per-property rule; several → one composite rule on the schema object.
  const pk = top.filter((p) => p.primaryKey?.value).sort((a, b) => (a.primaryKeyPosition?.value ?? 0) - (b.primaryKeyPosition?.value ?? 0));
  if (pk.length === 1) {
    const p = pk[0];
    add({ schema: sName, property: p.name!.value, id: `${sName}.${p.name!.value}.primaryKey`, kind: 'primaryKey', name: `${p.name!.value} is the primary key`, params: { columns: [columnOf(p)] }, severity: 'error', node: p.primaryKey!.node });
  } else if (pk.length > 1) {
    const cols = pk.map(columnOf);
    add({ schema: sName, id: `${sName}.primaryKey`, kind: 'primaryKey', name: `(${cols.join(', ')}) is the primary key`, params: { columns: cols }, severity: 'error', node: pk[0].primaryKey!.node });
  }
  for (const q of schema.quality) planQuality(q, sName, undefined, undefined, add);
  for (const r of schema.relationships) {
    if (!r.from.length || r.from.length !== r.to.length) continue;
    const from = r.from.map((f) => f.value.split('.').pop() ?? f.value);
    const targets = r.to.map((t) => resolveTarget(contract, t.value, lookup));
    const first = targets[0];
    const target = first && targets.every((t) => t && t.contractUri === first.contractUri && t.schema === first.schema)
      ? { contractUri: first.contractUri, schema: first.schema, columns: targets.map((t) => t!.columns[0]) }
      : undefined;
    const fromCols = from.map((f) => {
      const prop = schemaProp(schema, f);
      return prop ? columnOf(prop) : f;
    });
    add({ schema: sName, id: `${sName}.relationship.${from.join('_')}`, kind: 'relationship', name: `(${from.join(', ')}) references ${r.to.map((t) => t.value).join(', ')}`, params: { columns: fromCols, target }, severity: 'error', node: r.node });
  }
}

/**
 * The type rules of nested properties (struct fields, array items, map keys and values, and their fields), one per
 * nested property: `orders.address.city.type`, `orders.lines[].type`, `orders.lines[].sku.type`,
 * `events.attrs{values}.type`. The compiler judges each on its
 * type inside the column's (engine/data/typeVerdict.ts), as drift does, so a field drift reports missing or of the
 * wrong type fails here too.
 */
function planNested(parent: Property, sName: string, column: string, add: Add): void {
  const children = [...parent.properties.filter((c) => c.name?.value), ...unnamedParts(parent)];
  for (const child of children) {
    const isItems = !child.name;
    const label = propertyLabel(child);
    const declared = child.dcsType?.value ?? child.logicalType?.value ?? child.physicalType?.value;
    const node = child.logicalType?.node ?? child.physicalType?.node ?? child.name?.node ?? child.node;
    if (declared || !isItems) {
      add({ schema: sName, property: label, model: child, id: `${sName}.${label}.type`, kind: 'type', name: declared ? `${label} values are ${declared}` : `field ${label} exists`, params: { column, logicalType: child.logicalType?.value, option: child.options.has('format') ? 'format' : undefined, nested: true }, severity: 'error', node });
    }
    planNested(child, sName, column, add);
  }
}

function schemaProp(schema: SchemaObject, name: string): Property | undefined {
  return schema.properties.find((p) => p.name?.value === name);
}

function enumValueOf(e: Located<unknown>): unknown {
  // v3.2 enum entries are objects `{ value: … }`; the model keeps their YAML node.
  const node = e.value as { kind: string; pairs?: { key: { value: unknown }; value: { value?: unknown } }[] };
  const pair = node.pairs?.find((p) => p.key.value === 'value');
  return pair?.value.value;
}

function resolveTarget(contract: Contract, ref: string, lookup: ContractLookup): Rule['params']['target'] {
  const parsed = parseReference(ref);
  if (!parsed) return undefined;
  const res = resolveReference(parsed, contract.uri, lookup.contracts(), contract);
  const t = res.targets[0];
  if (!t?.property || !t.schema.name?.value) return undefined;
  return { contractUri: t.contract.uri, schema: t.schema.name.value, columns: [columnOf(t.property)] };
}

function planQuality(q: QualityRule, sName: string, pName: string | undefined, column: string | undefined, add: Add): void {
  const type = q.type?.value ?? (q.metric ? 'library' : q.query ? 'sql' : 'text');
  const op = q.operators[0];
  const prefix = pName ? `${sName}.${pName}` : sName;
  const common = { schema: sName, property: pName, severity: severityOf(q), node: q.node, dimension: q.dimension?.value };
  if (type === 'sql' && q.query) {
    const name = q.name?.value ?? 'sql';
    add({ ...common, id: `${prefix}.${name}`, kind: 'sql', name: q.description?.value ?? name, params: { column, query: q.query.value, operator: op?.name ?? 'mustBe', threshold: op ? op.value.value : 0 } });
    return;
  }
  if (type !== 'library' || !q.metric || !METRICS.has(q.metric.value)) return;
  const metric = q.metric.value;
  const args: Record<string, unknown> = {};
  for (const [k, v] of q.arguments) args[k] = v.value;
  const unit = q.unit?.value === 'percent' ? 'percent' : 'rows';
  let columns: string[] | undefined;
  if (metric === 'duplicateValues') columns = pName && column ? [column] : Array.isArray(args.properties) ? (args.properties as unknown[]).map(String) : undefined;
  const name = q.name?.value ?? metric;
  add({
    ...common,
    id: `${prefix}.${name}`,
    kind: 'metric',
    name: q.description?.value ?? describeMetric(metric, pName, op?.name, op?.value.value, unit),
    params: { column, metric, operator: op?.name ?? (metric === 'rowCount' ? undefined : 'mustBe'), threshold: op ? op.value.value : metric === 'rowCount' ? undefined : 0, unit, arguments: args, columns },
  });
}

function describeMetric(metric: string, prop: string | undefined, op: string | undefined, value: unknown, unit: string): string {
  const what = prop ? `${metric} of ${prop}` : metric;
  return op ? `${what} ${op} ${JSON.stringify(value)}${unit === 'percent' ? ' %' : ''}` : what;
}

function planSla(contract: Contract, options: PlanOptions, add: Add): void {
  for (const sla of contract.sla) {
    const prop = sla.property?.value?.toLowerCase();
    const kind = prop === 'latency' || prop === 'freshness' ? 'latency' : prop === 'retention' ? 'retention' : undefined;
    if (!kind || !sla.element?.value) continue;
    const [objectName, propName] = sla.element.value.split(',')[0].trim().split('.');
    // `element` names the table and column, logically (name) or physically (physicalName, as in the ODCS example).
    const schema = contract.schemas.find((s) => s.name?.value === objectName) ?? contract.schemas.find((s) => s.physicalName?.value === objectName);
    const schemaName = schema?.name?.value ?? objectName;
    if (!schemaName || !propName || (options.schema && options.schema !== schemaName)) continue;
    const p = schema && (schemaProp(schema, propName) ?? schema.properties.find((x) => x.physicalName?.value === propName));
    const amount = Number(sla.value?.value);
    const unit = sla.unit?.value ?? 'd';
    add({
      schema: schemaName,
      property: p?.name?.value ?? propName,
      id: `${schemaName}.${p?.name?.value ?? propName}.${kind}`,
      kind,
      name: kind === 'latency' ? `newest ${propName} at most ${amount} ${unit} old` : `no ${propName} older than ${amount} ${unit}`,
      params: { column: p ? columnOf(p) : propName, logicalType: p?.logicalType?.value, amount, timeUnit: unit },
      severity: 'error',
      node: sla.node,
    });
  }
}
