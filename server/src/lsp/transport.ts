/**
 * The transport (stdio or node IPC, from the command line) with one addition: it notices `textDocument/didChange`
 * notifications the moment they are read, before they are handled. The diagnostics scheduler uses that to coalesce
 * edits that arrived while a validation was running (validate the latest text once) and to cancel stale work,
 * without any fixed debounce delay.
 */
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
} from './languageServer.js';

/** How many didChange notifications per document have been read but not handled yet. */
export class PendingChanges {
  private readonly counts = new Map<string, number>();
  private readonly listeners: ((uri: string) => void)[] = [];

  arrived(uri: string): void {
    this.counts.set(uri, (this.counts.get(uri) ?? 0) + 1);
    for (const l of this.listeners) l(uri);
  }

  handled(uri: string): void {
    const n = (this.counts.get(uri) ?? 0) - 1;
    if (n > 0) this.counts.set(uri, n);
    else this.counts.delete(uri);
  }

  pending(uri: string): number {
    return this.counts.get(uri) ?? 0;
  }

  /** Called as soon as an edit for `uri` is read (used to abort async work on the old text). */
  onArrived(listener: (uri: string) => void): void {
    this.listeners.push(listener);
  }
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
}

/** `--stdio` or `--node-ipc`, as vscode-languageserver's own createConnection() reads them. */
export function transportFromArgv(argv: readonly string[], pending: PendingChanges, onMessage?: () => void): Transport {
  let inner: Transport;
  if (argv.includes('--node-ipc')) {
    if (!process.send) throw new Error('--node-ipc needs the server to be started with an IPC channel (child_process.fork).');
    inner = { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  } else if (argv.includes('--stdio')) {
    inner = { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout) };
  } else {
    throw new Error('contractlens lsp needs a transport: --stdio or --node-ipc');
  }
  return { reader: watchChanges(inner.reader, pending, onMessage), writer: inner.writer };
}

/** Wraps any reader so that didChange notifications are counted as soon as they are read (and any message is seen). */
export function watchChanges(reader: MessageReader, pending: PendingChanges, onMessage?: () => void): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen(callback: DataCallback): Disposable {
      return reader.listen((message) => {
        const m = message as { method?: string; params?: { textDocument?: { uri?: unknown } } };
        if (m.method === 'textDocument/didChange' && typeof m.params?.textDocument?.uri === 'string') pending.arrived(m.params.textDocument.uri);
        onMessage?.();
        callback(message);
      });
    },
    dispose: () => reader.dispose(),
  };
}
