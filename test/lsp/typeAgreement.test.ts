/**
 * The editor sees the same type verdicts as the CLI (issue 8, item 6), through the real language server over stdio:
 * drift diagnostics (CL203 error, CL203 warning for a time-zone difference, none for bytes in a BLOB) and the
 * `contractlens/check` results of the same contract (the type rules failed, warning, passed) agree column by column,
 * and an ISO 8601 date-time bound is compared, not skipped; a DCS map's keys, values and their fields likewise.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { contractYaml, duck, newWorkspace, write } from '../data/dataFixtures.ts';
import { positionOf, TestClient } from './client.ts';

const PROPS = `      - name: payload
        logicalType: string
        physicalType: bytes
      - name: paid_at
        logicalType: timestamp
        logicalTypeOptions:
          maximum: '2026-11-01T00:00:00+02:00'
      - name: shipped_at
        logicalType: timestamp
        logicalTypeOptions:
          minimum: '2026-10-31T23:00:00Z'
      - name: address
        logicalType: object
        properties:
          - name: city
            logicalType: integer
      - name: tags
        logicalType: array
        items:
          logicalType: string
`;

const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test('drift diagnostics and contractlens/check agree on every column type, and ISO date-time bounds are compared', async () => {
  const dir = newWorkspace();
  await duck(
    `ATTACH '${dir}/shop.duckdb' AS f`,
    'CREATE TABLE f.orders (payload BLOB, paid_at TIMESTAMP, shipped_at TIMESTAMPTZ, address STRUCT(city VARCHAR), tags INTEGER[])',
    // 22:30 UTC is after 2026-11-01T00:00:00+02:00 (22:00 UTC) and before 23:00Z: each bound fails one row.
    `INSERT INTO f.orders VALUES ('\\xAA'::BLOB, TIMESTAMP '2026-10-31 22:30:00', TIMESTAMPTZ '2026-10-31 22:30:00+00', {'city': 'Graz'}, [1]), ('\\xAB'::BLOB, TIMESTAMP '2026-10-31 21:00:00', TIMESTAMPTZ '2026-10-31 23:30:00+00', {'city': 'Linz'}, [2])`,
    'DETACH f',
  );
  const text = contractYaml({ server: '  - server: db\n    type: duckdb\n    database: shop.duckdb\n', schemas: [{ name: 'orders', props: PROPS }] });
  const path = write(dir, 'orders.odcs.yaml', text);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { drift: true, server: '', duckdbMemoryLimit: '', allowedDataPaths: [], queryTimeoutMs: 30000, duckdbThreads: 1 } });
  clients.push(client);
  const uri = client.openFile(path);
  const diags = await client.waitForDiagnostics(uri, (d) => d.filter((x) => x.code === 'CL203').length >= 3);
  const drift = diags.filter((d) => d.code === 'CL203');
  const at = (d: Diagnostic) => text.split('\n')[d.range.start.line].trim();
  // 1 = error, 2 = warning (LSP DiagnosticSeverity).
  assert.deepEqual(drift.map((d) => `${at(d)}:${d.severity}`).sort(), ['- name: city:1', '- name: paid_at:2', '- name: tags:1']);
  assert.deepEqual(drift.find((d) => d.severity === 2)!.range.start, positionOf(text, 'paid_at'));
  assert.match(String(drift.find((d) => d.severity === 2)!.message), /without a time zone, but logicalType timestamp is a point in time with one/);

  const res = await client.request<{ results: { rule: string; status: string; failedRows: number | null }[] }>('contractlens/check', { uris: [uri], samples: 0 });
  const status = Object.fromEntries(res.results.filter((r) => r.rule.endsWith('.type')).map((r) => [r.rule, r.status]));
  assert.deepEqual(status, {
    'orders.payload.type': 'passed',
    'orders.paid_at.type': 'warning',
    'orders.shipped_at.type': 'passed',
    'orders.address.type': 'passed',
    'orders.address.city.type': 'failed',
    'orders.tags.type': 'passed',
    'orders.tags[].type': 'failed',
  });
  const bound = (id: string) => res.results.find((r) => r.rule === id);
  assert.equal(bound('orders.paid_at.maximum')?.failedRows, 1);
  assert.equal(bound('orders.shipped_at.minimum')?.failedRows, 1);
});

const DCS_MAPS = `dataContractSpecification: 1.1.0
id: events
info:
  title: events
  version: 1.0.0
servers:
  local:
    type: duckdb
    database: ev.duckdb
models:
  events:
    type: table
    fields:
      attrs:
        type: map
        keys:
          type: string
        values:
          type: integer
      props:
        type: map
        values:
          type: object
          fields:
            page:
              type: integer
`;

test('a DCS map: drift diagnostics and contractlens/check judge its keys, values and their fields alike', async () => {
  const dir = newWorkspace();
  await duck(
    `ATTACH '${dir}/ev.duckdb' AS f`,
    'CREATE TABLE f.events (attrs MAP(VARCHAR, VARCHAR), props MAP(VARCHAR, STRUCT(page VARCHAR)))',
    "INSERT INTO f.events VALUES (MAP {'k': 'v'}, MAP {'home': {'page': 'x'}})",
    'DETACH f',
  );
  const path = write(dir, 'datacontract.yaml', DCS_MAPS);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true }, settings: { drift: true, server: '', duckdbMemoryLimit: '', allowedDataPaths: [], queryTimeoutMs: 30000, duckdbThreads: 1 } });
  clients.push(client);
  const uri = client.openFile(path);
  const diags = await client.waitForDiagnostics(uri, (d) => d.filter((x) => x.code === 'CL203').length >= 2);
  const at = (d: Diagnostic) => DCS_MAPS.split('\n')[d.range.start.line].trim();
  // The values of attrs (VARCHAR, declared integer) on the map's name; the field page on its own name.
  assert.deepEqual(diags.filter((d) => d.code === 'CL203').map((d) => `${at(d)}:${d.severity}`).sort(), ['attrs::1', 'page::1']);
  const res = await client.request<{ results: { rule: string; status: string }[] }>('contractlens/check', { uris: [uri], samples: 0 });
  const status = Object.fromEntries(res.results.filter((r) => r.rule.endsWith('.type')).map((r) => [r.rule, r.status]));
  assert.deepEqual(status, {
    'events.attrs.type': 'passed',
    'events.attrs{keys}.type': 'passed',
    'events.attrs{values}.type': 'failed',
    'events.props.type': 'passed',
    'events.props{values}.type': 'passed',
    'events.props{values}.page.type': 'failed',
  });
});
