/**
 * Texts at which line-walking code tends to stop making progress or step outside the text: a first line that is
 * empty (LF, CRLF, CR), a BOM, empty and whitespace-only lines, a last line without a line break, nothing but line
 * breaks, and lines too long for a regular expression to scan per keystroke.
 */
export const EDGE_TEXTS: [string, string][] = [
  ['first line empty', '\nkind: DataContract\n'],
  ['first line empty, CRLF', '\r\nkind: DataContract\r\n'],
  ['first line empty, CR', '\rkind: DataContract\r'],
  ['CR line ends', 'apiVersion: v3.1.0\rkind: DataContract\rschema:\r  - name: t\r    properties:\r      - name: c\r'],
  ['CRLF contract', 'apiVersion: v3.1.0\r\nkind: DataContract\r\nschema:\r\n  - name: t\r\n    properties:\r\n      - name: c\r\n        \r\n'],
  ['BOM', '\uFEFFapiVersion: v3.1.0\nkind: DataContract\nschema:\n  - name: t\n    \n'],
  ['BOM and empty first line', '\uFEFF\nkind: DataContract\n'],
  ['empty lines everywhere', '\n\napiVersion: v3.1.0\n\n\nkind: DataContract\n\n  \nschema:\n\n  - name: t\n\n    properties:\n\n      - \n\n'],
  ['no final line break', 'apiVersion: v3.1.0\nkind: DataContract\nschema:\n  - name: t\n    prop'],
  ['only LF', '\n\n\n'],
  ['only CRLF', '\r\n\r\n'],
  ['only CR', '\r\r\r'],
  ['only a BOM', '\uFEFF'],
  ['empty', ''],
  ['one space', ' '],
  ['dash only', '-'],
  ['long value line', `apiVersion: v3.1.0\nkind: DataContract\ndescription: ${'a '.repeat(100_000)}\nschema:\n  - name: t\n`],
  ['long key line', `apiVersion: v3.1.0\nkind: DataContract\n${'k'.repeat(50_000)}${' '.repeat(50_000)}: x\n  `],
];

/** Every offset of a short text, a sample of a long one, and offsets outside it (up to the largest LSP position). */
export function offsetsToAsk(len: number): number[] {
  const step = len > 2000 ? Math.ceil(len / 200) : 1;
  const out: number[] = [];
  for (let o = 0; o <= len; o += step) out.push(o);
  out.push(len, len + 1, 2 ** 31 - 1, -1);
  return out;
}
