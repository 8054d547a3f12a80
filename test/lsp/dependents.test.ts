/**
 * An open contract's cross-file findings follow the other open buffers, whatever happened before: a target that
 * appears in a buffer just opened, or re-opened after a close, clears the dangling relationship (fuzz seed 777
 * ended with a contract still reporting a target that a re-opened slot had since defined; a fresh server agreed
 * with the texts, the running one did not). The real server over stdio, buffers that exist on no disk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client.ts';

const ORDERS = `apiVersion: v3.1.0
kind: DataContract
id: urn:dep:orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: user_id
        logicalType: integer
        relationships:
          - type: foreignKey
            to: users.user_id
`;
const USERS = `apiVersion: v3.1.0
kind: DataContract
id: urn:dep:users
version: 1.0.0
status: active
schema:
  - name: users
    properties:
      - name: user_id
        logicalType: integer
`;

const dangling = (d: Diagnostic[]) => d.some((x) => x.code === 'CL110');

test('a target defined in a buffer opened later (or re-opened) clears the dangling relationship', { timeout: 60_000 }, async () => {
  const orders = 'file:///dep/orders.odcs.yaml';
  const users = 'file:///dep/users.odcs.yaml';
  const client = await TestClient.start();
  try {
    client.open(orders, ORDERS);
    await client.waitForDiagnostics(orders, dangling, 20_000);
    client.open(users, USERS);
    await client.waitForDiagnostics(orders, (d) => !dangling(d), 10_000);
    client.close(users);
    await client.waitForDiagnostics(orders, dangling, 10_000);
    client.open(users, USERS);
    await client.waitForDiagnostics(orders, (d) => !dangling(d), 10_000);
    assert.ok(true);
  } finally {
    await client.stop();
  }
});
