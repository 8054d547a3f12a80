/** The CL2xx finding codes (the contract against its data); rules/catalog.ts lists them with every other family. */
import type { RuleInfo } from '../findings.js';

export const DATA_RULES: RuleInfo[] = [
  { code: 'CL200', slug: 'data-checks-off', title: 'Data checks are off in an untrusted workspace', severity: 'info' },
  { code: 'CL201', slug: 'column-missing', title: 'Declared column is missing from the data', severity: 'error' },
  { code: 'CL202', slug: 'extra-column', title: 'Column in the data is not in the contract', severity: 'warning' },
  { code: 'CL203', slug: 'type-mismatch', title: 'Declared type does not match the data type', severity: 'error' },
  { code: 'CL204', slug: 'nullability-mismatch', title: 'Required property but the source column allows NULL', severity: 'warning' },
  { code: 'CL210', slug: 'data-source-error', title: 'Data source cannot be read', severity: 'error' },
  { code: 'CL211', slug: 'data-not-found', title: 'Data not found here (editor)', severity: 'warning' },
  { code: 'CL212', slug: 'data-path-from-working-folder', title: 'Data path read relative to the working folder', severity: 'info' },
];

/** Codes that mean "the data drifted from the contract" (CLI `drift` exits 1 on any of them). */
export const DRIFT_CODES = new Set(['CL201', 'CL202', 'CL203', 'CL204']);
