/**
 * Runs the lint pipeline on a built-in contract, so that the first contract a user opens does not pay for loading and
 * compiling the code it needs (docs/ARCHITECTURE.md, "The first open").
 *
 * Measured on a 5,000-line contract (open → first diagnostics): a cold server spent most of the time on first use,
 * not on the document: the precompiled schema validators (1.2 MB of code) loaded and compiled, and the YAML parser,
 * model builder and rules running unoptimised (a first parse costs ~10× a later one). V8 optimises a function once it
 * has run enough, so one small contract is not enough: each round analyses a few hundred lines and then an edit of
 * them, as a keystroke would make it. The language server runs rounds while it is idle after `initialized` and stops
 * as soon as a document is opened; the results are thrown away. No SQL pass: that would load DuckDB at idle.
 */
import { analyzeSync } from './analyze.js';
import { ContractDocument } from './workspace/document.js';
import type { ContractLookup } from './workspace/index.js';

const HEAD = `apiVersion: v3.1.0
kind: DataContract
id: urn:contractlens:warmup
name: Warm-up
version: 1.0.0
status: draft
description:
  purpose: Analysed by the language server at start.
servers:
  - server: local
    type: local
    path: ./data/orders.parquet
    format: parquet
schema:
`;

/** One schema object touching every part of the model: typed, nested and keyed properties, quality, relationships. */
const item = (i: number) => `  - name: orders_${i}
    physicalName: orders_${i}
    logicalType: object
    description: One row per order.
    properties:
      - name: order_id
        logicalType: string
        physicalType: VARCHAR
        primaryKey: true
        required: true
        unique: true
        examples: ["o-1", "o-2"]
      - name: amount
        logicalType: number
        logicalTypeOptions:
          minimum: 0
        quality:
          - type: library
            metric: nullValues
            mustBe: 0
      - name: customer
        logicalType: object
        properties:
          - name: customer_id
            logicalType: integer
            tags: [pii]
            classification: restricted
            relationships:
              - type: foreignKey
                to: orders_${i === 0 ? 1 : 0}.order_id
      - name: placed_at
        logicalType: timestamp
        examples: ["2024-01-01T00:00:00Z"]
    quality:
      - type: sql
        query: SELECT COUNT(*) FROM orders_${i} WHERE amount < 0
        mustBe: 0
`;

const TAIL = `slaProperties:
  - property: latency
    value: 4
    unit: d
`;

/** About 400 lines: enough calls of the parser's and the rules' inner functions per round for V8 to optimise them. */
const SAMPLE = HEAD + Array.from({ length: 10 }, (_, i) => item(i)).join('') + TAIL;

const NO_WORKSPACE: ContractLookup = { contracts: () => [], contract: () => undefined };

/** One round: parses, models and analyses the sample, then an edit of it (the incremental parser's reuse path). */
export function warmUpAnalysis(round = 0): void {
  const doc = new ContractDocument(`untitled:contractlens-warmup-${round}.odcs.yaml`).update(SAMPLE, 1);
  analyzeSync(doc, NO_WORKSPACE);
  doc.update(SAMPLE.replace('One row per order.', `One row per order, edited ${round}.`), 2);
  analyzeSync(doc, NO_WORKSPACE);
}
