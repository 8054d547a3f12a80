// Realistic ODCS v3.1.0 contracts of a given size, for the benchmarks and the bad-input tests.
// A contract looks like what a team writes for an e-commerce source: schema objects with typed properties,
// descriptions, constraints, examples, quality rules, relationships between objects, servers and an SLA.
// Plain JS (no TypeScript) so that `node bench/run.mjs` needs no loader; tests import it through tsx.

const TYPES = [
  { logicalType: 'string', physicalType: 'varchar(64)', options: '        logicalTypeOptions:\n          maxLength: 64\n', example: '"sku-000123"' },
  { logicalType: 'integer', physicalType: 'bigint', options: '        logicalTypeOptions:\n          minimum: 0\n', example: '42' },
  { logicalType: 'number', physicalType: 'decimal(12,2)', options: '        logicalTypeOptions:\n          minimum: 0\n          maximum: 100000\n', example: '19.99' },
  { logicalType: 'date', physicalType: 'date', options: '', example: '2025-01-28' },
  { logicalType: 'boolean', physicalType: 'boolean', options: '', example: 'true' },
];

function header(name) {
  return `apiVersion: v3.1.0
kind: DataContract
id: urn:datacontract:shop:${name}
name: ${name}
version: 1.2.0
status: active
domain: shop
description:
  purpose: Generated contract used to measure Contract Lens on large files.
  usage: Benchmarks and robustness tests only.
servers:
  - server: local
    type: local
    format: csv
    path: ./data/${name}.csv
schema:
`;
}

function property(t, j) {
  const type = TYPES[j % TYPES.length];
  let s = `      - name: col_${t}_${j}
        logicalType: ${type.logicalType}
        physicalType: ${type.physicalType}
        description: Column ${j} of table ${t}, filled by the nightly pipeline.
        required: ${j % 3 === 0}
${type.options}        examples:
          - ${type.example}
`;
  if (j % 10 === 5) {
    s += `        quality:
          - metric: nullValues
            mustBeLessThan: 5
            unit: percent
            dimension: completeness
`;
  }
  if (j % 25 === 7 && t > 0) {
    s += `        relationships:
          - type: foreignKey
            to: table_${t - 1}.col_${t - 1}_0
`;
  }
  return s;
}

function table(t, props) {
  let s = `  - name: table_${t}
    physicalName: table_${t}
    physicalType: table
    description: Table ${t} of the generated contract.
    properties:
      - name: col_${t}_0
        logicalType: integer
        physicalType: bigint
        description: Primary key of table ${t}.
        primaryKey: true
        primaryKeyPosition: 1
        required: true
        unique: true
`;
  for (let j = 1; j < props; j++) s += property(t, j);
  s += `    quality:
      - type: sql
        description: No negative keys.
        query: SELECT COUNT(*) FROM table_${t} WHERE col_${t}_0 < 0
        mustBe: 0
`;
  return s;
}

const FOOTER = `slaProperties:
  - property: latency
    value: 4
    unit: d
  - property: retention
    value: 3
    unit: y
`;

/** A contract of about `lines` lines (never fewer), in tables of `propsPerTable` properties. */
export function generateContract(lines, { name = 'generated', propsPerTable = 40 } = {}) {
  const parts = [header(name)];
  let count = parts[0].split('\n').length + FOOTER.split('\n').length;
  for (let t = 0; count < lines; t++) {
    const tbl = table(t, propsPerTable);
    parts.push(tbl);
    count += tbl.split('\n').length - 1;
  }
  parts.push(FOOTER);
  return parts.join('');
}

/** An offset in the middle of the text where a keystroke lands: inside a description value. */
export function middleEditOffset(text) {
  const at = text.indexOf('filled by the nightly pipeline.', Math.floor(text.length / 2));
  return at + 'filled by the'.length;
}
