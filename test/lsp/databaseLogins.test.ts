/**
 * Database logins through the real language server over stdio, against the run's real PostgreSQL: the server asks
 * the client for the login of a server (keyed by server name + database) when it connects, reports each connection's
 * state, and a refused login is ONE diagnostic on the contract's server entry, not one per rule. Nothing of the
 * password is in the environment (no PGPASSWORD, no ~/.pgpass): only the client's answer can log in.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConnectionStatusNotification, DatabaseLoginRequest, type DatabaseServerStatus } from '../../server/src/shared/protocol.ts';
import { TestClient } from './client.ts';
import { makeShop, type ShopCopy } from '../data/exampleShop.ts';
import { addPostgresServer, loadShopIntoPostgres, pgEnv } from '../helpers/postgres.ts';

interface Res { rule: string; status: string; failedRows: number | null; message?: string }
interface Diag { code?: string; message: string; range: { start: { line: number } } }
interface CheckRes { results: Res[]; diagnostics: { uri: string; diagnostics: Diag[] }[] }

let shop: ShopCopy;
const SCHEMA = `shop_logins_${process.pid}`;
const clients: TestClient[] = [];

before(async () => {
  shop = makeShop(300, 'cl-shop-logins-');
  await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  addPostgresServer(shop.dir, 'shop-postgres', SCHEMA);
  // The language server inherits this environment: the user, never the password.
  process.env.PGUSER = pgEnv().user;
  delete process.env.PGPASSWORD;
  delete process.env.DATACONTRACT_POSTGRES_PASSWORD;
  process.env.PGPASSFILE = join(shop.dir, 'no-pgpass');
});
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(shop.dir, { recursive: true, force: true });
});

async function start(trusted: boolean) {
  const client = await TestClient.start({ rootDir: shop.dir, initializationOptions: { workspaceTrusted: trusted, databaseLogins: true } });
  clients.push(client);
  const asked: string[] = [];
  const statuses: DatabaseServerStatus[] = [];
  let password: string | undefined;
  client.connection.onRequest(DatabaseLoginRequest.method, (p: { server: { key: string } }) => {
    asked.push(p.server.key);
    return password === undefined ? null : { password };
  });
  client.connection.onNotification(ConnectionStatusNotification.method, (s: DatabaseServerStatus) => void statuses.push(s));
  for (const f of ['orders', 'users', 'order_items', 'products']) client.openFile(join(shop.dir, `${f}.odcs.yaml`));
  return { client, asked, statuses, setPassword: (p: string | undefined) => (password = p) };
}

test('a wrong password is one diagnostic on the server entry; the right one from the client checks the data', { timeout: 120_000 }, async () => {
  const { client, asked, statuses, setPassword } = await start(true);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const key = `shop-postgres@postgres://127.0.0.1:${pgEnv().port}/${pgEnv().database}`;

  const listed = await client.request<{ servers: DatabaseServerStatus[] }>('contractlens/databaseServers', { uri });
  assert.deepEqual(listed.servers.map((s) => [s.server.key, s.state]), [[key, 'not connected']]);

  setPassword('not-the-password');
  const failed = await client.request<CheckRes>('contractlens/check', { uris: [uri], server: 'shop-postgres', now: shop.expected.referenceTime });
  assert.ok(asked.includes(key), `the server asked the client for ${key} (asked: ${asked.join(', ')})`);
  assert.ok(failed.results.length > 10 && failed.results.every((r) => r.status === 'error'), 'every rule of the unreachable tables is an error result');
  const diags = failed.diagnostics.find((d) => d.uri === uri)!.diagnostics;
  assert.equal(diags.length, 1, JSON.stringify(diags.map((d) => d.message)));
  assert.equal(diags[0].code, 'CL210');
  assert.match(diags[0].message, /password authentication failed/);
  assert.match(diags[0].message, /Set Database Password/);
  const lines = readFileSync(join(shop.dir, 'orders.odcs.yaml'), 'utf8').split('\n');
  assert.match(lines[diags[0].range.start.line], /- server: shop-postgres/, 'placed on the server entry');
  assert.ok(!diags[0].message.includes('not-the-password'), 'the password is never in a message');
  await client.waitUntil(() => statuses.some((s) => s.state === 'failed'), 'a failed connection status');
  assert.equal((await client.request<{ servers: DatabaseServerStatus[] }>('contractlens/databaseServers', { uri })).servers[0].state, 'failed');

  setPassword(pgEnv().password);
  const ok = await client.request<CheckRes>('contractlens/check', { uris: [uri], server: 'shop-postgres', now: shop.expected.referenceTime });
  const byRule = new Map(ok.results.map((r) => [r.rule, r]));
  for (const id of ['orders.status.known_status', 'orders.user_id.relationship', 'orders.order_id.unique']) {
    assert.notEqual(byRule.get(id)?.status, 'error', `${id}: ${byRule.get(id)?.message}`);
    assert.equal(byRule.get(id)!.failedRows, shop.expected.failedRows[id], id);
  }
  assert.ok(!ok.diagnostics.find((d) => d.uri === uri)!.diagnostics.some((d) => d.code === 'CL210'), 'the connection diagnostic is gone');
  await client.waitUntil(() => statuses.at(-1)?.state === 'connected', 'a connected status');
  assert.equal(statuses.at(-1)!.message, `as role ${pgEnv().user}`);
  const after = (await client.request<{ servers: DatabaseServerStatus[] }>('contractlens/databaseServers', { uri })).servers[0];
  assert.equal(after.state, 'connected');
});

test('untrusted workspace: the server lists the database server as untrusted and never asks for a login', { timeout: 60_000 }, async () => {
  const { client, asked } = await start(false);
  const uri = client.openFile(join(shop.dir, 'orders.odcs.yaml'));
  const listed = await client.request<{ servers: DatabaseServerStatus[] }>('contractlens/databaseServers', { uri });
  assert.deepEqual(listed.servers.map((s) => s.state), ['untrusted']);
  await assert.rejects(client.request('contractlens/check', { uris: [uri], server: 'shop-postgres' }), /not trusted/);
  await assert.rejects(client.request('contractlens/preview', { uri, schema: 'orders', server: 'shop-postgres' }), /trust/i);
  assert.deepEqual(asked, []);
});
