/**
 * The server's extension points, in-process (the bundled server has no test plug-ins): a custom request sees the
 * workspace index, and an extra diagnostics provider runs after lint without blocking it, is merged into the next
 * publish, and is aborted when a newer edit arrives.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createConnection, RequestType, StreamMessageReader as ServerReader, StreamMessageWriter as ServerWriter } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/engine/findings.ts';
import { registerCustomRequest } from '../../server/src/lsp/customRequests.ts';
import { registerDiagnosticsProvider } from '../../server/src/lsp/diagnosticsProviders.ts';
import { serve } from '../../server/src/lsp/server.ts';
import { PendingChanges, watchChanges } from '../../server/src/lsp/transport.ts';

const URI = 'file:///virtual/ext.odcs.yaml';
const TEXT = 'apiVersion: v3.1.0\nkind: DataContract\nid: ext\nversion: 1.0.0\nversion: 1.0.1\nstatus: active\n';

interface Call {
  version: number;
  signal: AbortSignal;
  release: () => void;
}
const calls: Call[] = [];
const published: PublishDiagnosticsParams[] = [];
let client: MessageConnection;
let waiters: (() => void)[] = [];

async function nextPublish(accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  for (let i = 0; i < 500; i++) {
    const p = published.find(accept);
    if (p) return p;
    await new Promise<void>((r) => {
      const t = setTimeout(r, 20);
      waiters.push(() => {
        clearTimeout(t);
        r();
      });
    });
  }
  throw new Error(`no matching publish: ${JSON.stringify(published.map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}`);
}

before(async () => {
  let version = 0;
  registerDiagnosticsProvider((ctx) => ({
    id: 'test-gated',
    provide(uri, index, signal) {
      const doc = index.get(uri)!;
      return new Promise<Finding[]>((resolve) => {
        const release = () => resolve([{ code: 'CL999', severity: 'info', message: `from the provider (${ctx.workspaceTrusted() ? 'trusted' : 'untrusted'})`, range: { start: 0, end: 10 } }]);
        calls.push({ version: ++version, signal, release });
        void doc;
      });
    },
  }));
  registerCustomRequest<{ echo: string }, { echo: string; uris: string[] }>({
    type: new RequestType<{ echo: string }, { echo: string; uris: string[] }, void>('contractlens/testEcho'),
    handle: (params, ctx) => ({ echo: params.echo, uris: ctx.index.uris() }),
  });

  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const pending = new PendingChanges();
  serve(createConnection(watchChanges(new ServerReader(toServer), pending), new ServerWriter(toClient)), pending);
  client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  client.onRequest('client/registerCapability', () => null);
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
});

after(() => client.dispose());

test('a custom request is wired and sees the workspace index', async () => {
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
  const lint = await nextPublish((p) => p.uri === URI && p.version === 1);
  // Lint is published while the provider is still running: it never waits for it.
  assert.deepEqual(lint.diagnostics.map((d) => d.code), ['CL002']);
  const answer = await client.sendRequest<{ echo: string; uris: string[] }>('contractlens/testEcho', { echo: 'hi' });
  assert.deepEqual(answer, { echo: 'hi', uris: [URI] });
});

test('provider findings are merged into the next publish; stale runs are aborted', async () => {
  assert.equal(calls.length, 1);
  calls[0].release();
  const merged = await nextPublish((p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'CL999'));
  const codes = merged.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('CL002') && codes.includes('CL999'), 'lint and provider findings in one publish');

  await client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }] });
  const lint2 = await nextPublish((p) => p.version === 2);
  assert.ok(!lint2.diagnostics.some((d) => d.code === 'CL999' || d.code === 'CL002'), 'the provider findings of version 1 are not shown on version 2');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls.length, 2);
  await client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }] });
  await nextPublish((p) => p.version === 3);
  assert.equal(calls[1].signal.aborted, true, 'the run for version 2 was aborted by the newer edit');
  await new Promise((r) => setTimeout(r, 20));
  calls[2].release();
  const final = await nextPublish((p) => p.version === 3 && p.diagnostics.some((d) => d.code === 'CL999'));
  assert.match(String(final.diagnostics.find((d) => d.code === "CL999")!.message), /trusted/);
});
