/**
 * Entry point loaded by the VS Code extension host as `extensionTestsPath`: registers the suites of the current
 * phase (trusted / untrusted workspace), runs them, and rejects when any test failed so the workbench reports a
 * non-zero exit code to the outer runner.
 */
import { env, runAll } from './harness.js';
import { registerActivationTests } from './activation.e2e.js';
import { registerDiagnosticsTests } from './diagnostics.e2e.js';
import { registerEditorFeatureTests, registerSettingsTests } from './editorFeatures.e2e.js';
import { registerTrustTests } from './trust.e2e.js';
import { registerLifecycleTests } from './lifecycle.e2e.js';
import { registerPreviewTests } from './preview.e2e.js';
import { registerCheckTests } from './checks.e2e.js';
import { registerDriftTests } from './drift.e2e.js';
import { registerCommandTests, registerReconcileTests } from './commands.e2e.js';
import { registerTaskTests } from './tasks.e2e.js';
import { registerCleanTests } from './clean.e2e.js';
import { registerDatabaseTests } from './database.e2e.js';
import { registerHistoryTests } from './history.e2e.js';

export async function run(): Promise<void> {
  const phase = env('CL_E2E_PHASE');
  registerActivationTests(phase);
  registerTrustTests(phase);
  registerDiagnosticsTests(phase);
  registerEditorFeatureTests(phase);
  registerSettingsTests(phase);
  registerPreviewTests(phase);
  registerCheckTests(phase);
  registerDriftTests(phase);
  registerCommandTests(phase);
  registerReconcileTests(phase);
  registerTaskTests(phase);
  registerCleanTests(phase);
  registerDatabaseTests(phase);
  registerHistoryTests(phase);
  registerLifecycleTests(phase);
  const results = await runAll();
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} e2e tests failed`);
}
