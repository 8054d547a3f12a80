/**
 * ODCS data quality rules (`quality[]` on the contract's schema objects and properties). A rule's `type` decides
 * its keys: `library` (the default when `metric` is given) has a `metric` and one comparison operator, `sql` a
 * `query` and one operator, `custom` an `engine` and an `implementation`, `text` only prose.
 */
import { anyValue, arr, num, obj, oneOfStrings, ref, str, type JsonSchema } from './dsl.js';

export const QUALITY_METRICS = ['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount'] as const;
export const QUALITY_DIMENSIONS = ['accuracy', 'completeness', 'conformity', 'consistency', 'coverage', 'timeliness', 'uniqueness'] as const;
export const QUALITY_TYPES = ['text', 'library', 'sql', 'custom'] as const;

const OPERATORS: Record<string, JsonSchema> = {
  mustBe: anyValue('The measured value must equal this, e.g. `mustBe: 0` for "no null values".'),
  mustNotBe: anyValue('The measured value must differ from this.'),
  mustBeGreaterThan: num('The measured value must be strictly greater than this number.'),
  mustBeGreaterOrEqualTo: num('The measured value must be greater than or equal to this number, e.g. `mustBeGreaterOrEqualTo: 1000` rows.'),
  mustBeLessThan: num('The measured value must be strictly less than this number, e.g. `mustBeLessThan: 10` duplicates.'),
  mustBeLessOrEqualTo: num('The measured value must be less than or equal to this number.'),
  mustBeBetween: arr({ type: 'number' }, 'The measured value must lie in this inclusive range: two numbers, `[min, max]`, e.g. `[100, 5000]`.', { minItems: 2, maxItems: 2, uniqueItems: true }),
  mustNotBeBetween: arr({ type: 'number' }, 'The measured value must lie outside this inclusive range: two numbers, `[min, max]`.', { minItems: 2, maxItems: 2, uniqueItems: true }),
};
export const OPERATOR_NAMES = Object.keys(OPERATORS);

/**
 * Exactly one operator. Written as "at least one" (anyOf of required) plus "no second one" (dependentSchemas/not),
 * rather than the standard's oneOf of eight branches, so a mistake gives one clear error instead of eight.
 */
function operatorRules(): JsonSchema {
  return {
    properties: OPERATORS,
    anyOf: OPERATOR_NAMES.map((op) => ({ required: [op] })),
    dependentSchemas: Object.fromEntries(OPERATOR_NAMES.map((op) => [op, { not: { anyOf: OPERATOR_NAMES.filter((o) => o !== op).map((o) => ({ required: [o] })) } }])),
  };
}

export function qualityDefs(): Record<string, JsonSchema> {
  const quality = obj(
    {
      id: ref('StableId', 'Stable technical id of this rule (letters, digits, `_`, `-`).'),
      name: str('Short name of the check, e.g. `order_id_not_null`.'),
      description: str('What the check verifies, in words a business user understands.'),
      type: oneOfStrings(QUALITY_TYPES, 'Kind of check: `library` (a predefined `metric`, the default), `sql` (a `query` whose result is compared), `custom` (an `engine` and its `implementation`) or `text` (a rule in prose, not executed).', { default: 'library' }),
      dimension: oneOfStrings(QUALITY_DIMENSIONS, `Quality dimension the check measures. One of: ${QUALITY_DIMENSIONS.map((d) => `\`${d}\``).join(', ')}.`),
      method: str('How the check is performed, e.g. `reconciliation`, `profiling`.'),
      severity: str('How bad a failure is, e.g. `error`, `warning`, `info`.'),
      businessImpact: str('Consequence of a failure for the business, e.g. `operational`, `regulatory`.'),
      unit: str('Unit of the measured value: `rows` (a count, the default) or `percent` (a share of rows).'),
      schedule: str('When the check runs, in the scheduler\'s syntax, e.g. a cron expression `0 20 * * *`.'),
      scheduler: str('Scheduler that runs the check, e.g. `cron`.'),
      tags: ref('Tags', 'Free tags to group or find checks, e.g. `[finance, critical]`.'),
      authoritativeDefinitions: ref('AuthoritativeDefinitions', 'Links to documents that define this rule.'),
      customProperties: ref('CustomProperties', 'Additional key/value pairs for this rule that the standard does not define.'),
    },
    'A data quality check. `type: library` (default) needs `metric` and one operator such as `mustBe: 0`; `type: sql` needs `query` and one operator; `type: custom` needs `engine` and `implementation`.',
    {
      keys: 'unevaluated',
      extra: {
        allOf: [
          { if: { anyOf: [{ properties: { type: { const: 'library' } }, required: ['type'] }, { properties: { metric: { type: 'string' } }, required: ['metric'] }] }, then: { $ref: '#/$defs/QualityLibrary' } },
          { if: { properties: { type: { const: 'sql' } }, required: ['type'] }, then: { $ref: '#/$defs/QualitySql' } },
          { if: { properties: { type: { const: 'custom' } }, required: ['type'] }, then: { $ref: '#/$defs/QualityCustom' } },
        ],
      },
    },
  );
  return {
    Quality: quality,
    QualityChecks: arr({ $ref: '#/$defs/Quality' }, 'Data quality checks, each with a `type` (`library`, `sql`, `custom`, `text`).'),
    QualityLibrary: {
      type: 'object',
      $comment: 'when type',
      description: 'Keys of a `library` check: a predefined metric and one operator.',
      properties: {
        metric: oneOfStrings(QUALITY_METRICS, `Predefined metric to measure. One of: ${QUALITY_METRICS.map((m) => `\`${m}\``).join(', ')}. Example: \`metric: nullValues\` with \`mustBe: 0\`.`),
        rule: str('Former name of `metric` (ODCS v3.0). Use `metric` instead.', { deprecated: true }),
        arguments: { type: 'object', description: 'Arguments of the metric, e.g. `validValues: [a, b]` or `pattern: ^[A-Z]+$` for `invalidValues`, `properties: [a, b]` for `duplicateValues` across columns.' },
        ...operatorRules().properties as Record<string, JsonSchema>,
      },
      required: ['metric'],
      anyOf: operatorRules().anyOf,
      dependentSchemas: operatorRules().dependentSchemas,
    },
    QualitySql: {
      type: 'object',
      $comment: 'when type',
      description: 'Keys of a `sql` check: a query and one operator that its single result is compared with.',
      properties: {
        query: str('SQL query returning one number, compared with the operator. `${object}` and `${property}` are replaced by the physical names, e.g. `SELECT COUNT(*) FROM ${object} WHERE amount < 0`.'),
        ...operatorRules().properties as Record<string, JsonSchema>,
      },
      required: ['query'],
      anyOf: operatorRules().anyOf,
      dependentSchemas: operatorRules().dependentSchemas,
    },
    QualityCustom: {
      type: 'object',
      $comment: 'when type',
      description: 'Keys of a `custom` check: the engine that runs it and its engine-specific implementation.',
      properties: {
        engine: str('Engine that runs the check, e.g. `soda`, `greatExpectations`, `montecarlo`, `dbt`.'),
        implementation: { type: ['string', 'object'], description: 'The check in the engine\'s own language: a string (e.g. a SodaCL snippet) or an object.' },
      },
      required: ['engine', 'implementation'],
    },
  };
}
