// Runs the extension's end-to-end tests inside a REAL VS Code (code-server's VS Code server + headless Chromium).
//
//   node test/e2e/run.mjs [--phase trusted|untrusted|all] [--timeout SECONDS] [--no-screenshots] [--no-build]
//                         [--grep TEXT]   (only the tests whose name contains TEXT: for working on one test)
//                         [--run-dir DIR]   (default .e2e-cache/run: logs, results.json, summary.json)
//
// For each phase: bundle the in-host suite (test/e2e/vscode/*.e2e.ts, run inside the extension host, where
// `vscode` is the real API), copy the fixture workspace to a fresh folder, start the VS Code server on a free
// loopback port in its own process group, open the workbench in Chromium with a payload naming the extension under
// development and the suite, and wait for the suite to end (the workbench calls window.codeAutomationExit).
// While it runs, the suite asks this runner for things only the browser side can do (screenshots, reading a
// webview's DOM) through request files in a channel folder. Everything started here is stopped in `finally`.
// Exit code 0 only when every phase ran and every test passed; a summary is written to .e2e-cache/run/summary.json.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureE2eEnvironment, CACHE, ROOT } from './setup.mjs';
import { handleRequest } from './browserRequests.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const PHASES = opt('phase', 'all') === 'all' ? ['trusted', 'untrusted'] : [opt('phase')];
const TIMEOUT_MS = Number(opt('timeout', '420')) * 1000;
const SCREENSHOTS = args.includes('--no-screenshots') ? undefined : join(ROOT, 'docs', 'screenshots');
// Where logs, results and the summary go; `npm test` passes a fresh folder so concurrent runs never collide.
const RUN_DIR = opt('run-dir', join(CACHE, 'run'));

function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

// Process groups of servers still running: killed synchronously if this runner is interrupted.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms, server) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`VS Code server exited early with code ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer ${url} within ${ms} ms`);
}

function buildBundles(phaseDir) {
  // `npm test` builds dist/ once before any test (pretest) and passes --no-build, so that no other test ever sees a
  // bundle being rewritten; run by hand, the runner rebuilds so that it never tests stale bundles.
  if (!args.includes('--no-build')) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('node scripts/build.mjs failed');
  }
  const suite = spawnSync(process.execPath, [join(ROOT, 'test', 'e2e', 'bundleSuite.mjs'), join(phaseDir, 'suite')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (suite.status !== 0) throw new Error('bundling the in-host e2e suite failed');
}

/** Kills a detached child's whole process group (the server forks extension hosts and the language server). */
async function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 3000);
  await exited;
  clearTimeout(t);
}

/**
 * The run's real PostgreSQL (scripts/services/postgres.mjs, started by scripts/run-tests.mjs) holds a small orders
 * table for the database-login tests; the VS Code server gets the user name (PGUSER) but never the password: only
 * "Set Database Password" (SecretStorage) can log in. Without the service the in-host tests fail saying so.
 */
async function preparePostgres() {
  const e = process.env;
  if (!e.CONTRACTLENS_TEST_PG_SUPERUSER_URL) return {};
  const { default: pg } = await import('pg');
  const schema = `e2e_${process.pid}`;
  const c = new pg.Client({ connectionString: e.CONTRACTLENS_TEST_PG_SUPERUSER_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.orders (order_id integer, status text);
      INSERT INTO ${schema}.orders VALUES (1, 'paid'), (2, 'shipped'), (3, NULL), (4, 'paid');
      GRANT USAGE ON SCHEMA ${schema} TO ${e.CONTRACTLENS_TEST_PG_USER}; GRANT SELECT ON ${schema}.orders TO ${e.CONTRACTLENS_TEST_PG_USER};`);
  } finally {
    await c.end();
  }
  return {
    CL_E2E_PG_SCHEMA: schema,
    CL_E2E_PG_PASSWORD: e.CONTRACTLENS_TEST_PG_PASSWORD,
    PGUSER: e.CONTRACTLENS_TEST_PG_USER,
    PGPASSWORD: '',
    PGPASSFILE: join(CACHE, 'no-pgpass'),
  };
}

async function dropPostgres(pgEnv) {
  if (!pgEnv.CL_E2E_PG_SCHEMA) return;
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: process.env.CONTRACTLENS_TEST_PG_SUPERUSER_URL });
  await c.connect().then(() => c.query(`DROP SCHEMA IF EXISTS ${pgEnv.CL_E2E_PG_SCHEMA} CASCADE`)).catch((err) => log(`dropping the e2e schema: ${err.message}`));
  await c.end().catch(() => undefined);
}

/**
 * Recorded runs for the trends (the Test Explorer message, the hover, Show Rule History): three real
 * `check --history` runs of the built CLI, with 2, 1 and then no extra negative totals in orders.csv, so
 * orders.total.minimum fails on 3, 2, then 1 row. orders.csv is restored to the fixture afterwards. The store is
 * the one the editor finds by itself: .contractlens/history.duckdb at the workspace root (not committed to git).
 */
function recordHistory(workspace) {
  const csv = join(workspace, 'data', 'orders.csv');
  const original = readFileSync(csv, 'utf8');
  for (const extra of [2, 1, 0]) {
    writeFileSync(csv, original + Array.from({ length: extra }, (_, i) => `${100 + i},paid,-1\n`).join(''));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'contractlens.js'), 'check', 'contracts/orders.odcs.yaml', '--history', join('.contractlens', 'history.duckdb')], { cwd: workspace, encoding: 'utf8' });
    if (r.status !== 1) throw new Error(`recording the e2e history: check exited ${r.status} (expected 1: failures):\n${r.stdout}${r.stderr}`);
  }
  writeFileSync(csv, original);
}

async function runPhase(phase, env) {
  const { chromium } = await import('playwright-core');
  const phaseDir = join(RUN_DIR, phase);
  rmSync(phaseDir, { recursive: true, force: true });
  const dirs = Object.fromEntries(['data', 'extensions', 'browser', 'channel', 'workspace'].map((d) => [d, join(phaseDir, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'e2e', 'workspace'), dirs.workspace, { recursive: true });
  // A bigger table for the preview's virtual scrolling, generated rather than committed.
  const events = ['event_id,kind', ...Array.from({ length: 5000 }, (_, i) => `${i + 1},${(i + 1) % 1000 === 0 ? '' : ['view', 'click', 'buy'][i % 3]}`)];
  writeFileSync(join(dirs.workspace, 'data', 'events.csv'), events.join('\n') + '\n');
  // A git repository with the fixtures committed: the base for "Show Breaking Changes vs Git Base".
  const git = (...a) => {
    const r = spawnSync('git', a, { cwd: dirs.workspace, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@localhost', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@localhost' } });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')} failed in the e2e workspace: ${r.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'e2e base');
  recordHistory(dirs.workspace);
  buildBundles(phaseDir);

  // User settings of the VS Code server: keep the workbench quiet and deterministic. Trust is off (everything
  // trusted) in the trusted phase; in the untrusted phase it is on and the fresh folder is not trusted.
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'security.workspace.trust.enabled': phase === 'untrusted',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    'window.commandCenter': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
  };
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const resultsFile = join(phaseDir, 'results.json');
  const port = await freePort();
  const serverLog = createWriteStream(join(phaseDir, 'server.log'));
  const server = spawn(
    env.node,
    [
      env.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--server-data-dir', dirs.data,
      '--user-data-dir', dirs.data,
      '--extensions-dir', dirs.extensions,
    ],
    {
      cwd: phaseDir,
      detached: true, // own process group, killed as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CL_E2E_PHASE: phase,
        CL_E2E_CHANNEL: dirs.channel,
        CL_E2E_RESULTS: resultsFile,
        CL_E2E_WORKSPACE: dirs.workspace,
        CL_E2E_SCREENSHOTS: SCREENSHOTS ? 'on' : 'off',
        ...env.postgres,
        ...(opt('grep') ? { CL_E2E_GREP: opt('grep') } : {}),
      },
    },
  );
  liveGroups.add(server.pid);
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);

  let context;
  const browserLog = createWriteStream(join(phaseDir, 'browser.log'));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/version`, 60_000, server).catch(() => waitForHttp(`${base}/`, 5_000, server));
    context = await chromium.launchPersistentContext(dirs.browser, {
      executablePath: env.chromium,
      headless: true,
      viewport: { width: 1400, height: 860 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    // Copy in the preview goes through VS Code's clipboard API, which the web workbench backs with the browser's.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` }).catch(() => undefined);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.message}\n`));

    let exitCode;
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (type, logArgs) => {
        browserLog.write(`[ext-host ${type}] ${JSON.stringify(logArgs)}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => {
        exitCode = code;
        resolve(code);
      });
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(phaseDir, 'suite', 'index.js'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`[${phase}] VS Code server on port ${port}; opening the workbench`);
    // The workbench's first load compiles a lot of JavaScript: on a busy 2-core machine it can take over 30 s.
    await page.goto(url, { timeout: 180_000 });

    // Serve the suite's requests until it exits or the time is up.
    const deadline = Date.now() + TIMEOUT_MS;
    while (exitCode === undefined && Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`VS Code server exited during the run (code ${server.exitCode})`);
      for (const name of readdirSync(dirs.channel).filter((n) => n.endsWith('.req.json')).sort()) {
        const reqPath = join(dirs.channel, name);
        const req = JSON.parse(readFileSync(reqPath, 'utf8'));
        rmSync(reqPath);
        let response;
        try {
          response = { ok: true, value: await handleRequest(page, req, { screenshots: SCREENSHOTS, debugDir: phaseDir }) };
        } catch (err) {
          response = { ok: false, error: String(err?.stack ?? err) };
        }
        const resPath = join(dirs.channel, name.replace('.req.json', '.res.json'));
        writeFileSync(`${resPath}.tmp`, JSON.stringify(response));
        renameSync(`${resPath}.tmp`, resPath);
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 150))]);
    }
    if (exitCode === undefined) {
      await page.screenshot({ path: join(phaseDir, 'timeout.png') }).catch(() => undefined);
      throw new Error(`[${phase}] the in-host suite did not finish within ${TIMEOUT_MS / 1000} s (see ${phaseDir}/timeout.png, server.log, browser.log)`);
    }
    if (!existsSync(resultsFile)) throw new Error(`[${phase}] the suite exited (${exitCode}) without writing ${resultsFile}`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    return { phase, exitCode, ...results };
  } finally {
    await context?.close().catch(() => undefined);
    await killGroup(server);
    liveGroups.delete(server.pid);
    serverLog.end();
    browserLog.end();
  }
}

async function main() {
  const started = Date.now();
  const env = ensureE2eEnvironment();
  log(`VS Code ${env.vscodeVersion} (code-server), Chromium ${env.chromium}`);
  mkdirSync(RUN_DIR, { recursive: true });
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  const phases = [];
  let failed = false;
  env.postgres = await preparePostgres();
  for (const phase of PHASES) {
    try {
      const r = await runPhase(phase, env);
      phases.push(r);
      for (const t of r.tests) log(`[${phase}] ${t.status === 'passed' ? 'ok  ' : 'FAIL'} ${t.name} (${t.ms} ms)${t.error ? `\n${t.error}` : ''}`);
      if (r.exitCode !== 0 || r.tests.length === 0 || r.tests.some((t) => t.status !== 'passed')) failed = true;
    } catch (err) {
      failed = true;
      phases.push({ phase, error: String(err?.stack ?? err), tests: [] });
      log(`[${phase}] ERROR ${err?.stack ?? err}`);
    }
  }
  await dropPostgres(env.postgres);
  const summary = {
    ok: !failed,
    seconds: Math.round((Date.now() - started) / 1000),
    vscodeVersion: env.vscodeVersion,
    phases,
  };
  writeFileSync(join(RUN_DIR, 'summary.json'), JSON.stringify(summary, null, 2));
  const counts = phases.flatMap((p) => p.tests);
  log(`${counts.filter((t) => t.status === 'passed').length}/${counts.length} in-host tests passed in ${summary.seconds} s → ${failed ? 'FAILED' : 'OK'}`);
  process.exit(failed ? 1 : 0);
}

// Whatever happens, never leave a server behind: an exception or a signal still runs the `finally` blocks above
// or, for signals, exits after the process groups were told to stop.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().catch((err) => {
  log(err?.stack ?? String(err));
  process.exit(1);
});
