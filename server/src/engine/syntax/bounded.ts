/**
 * `yaml`'s parseDocument with a bound on nesting, so that one text always gives one result.
 *
 * Why: the `yaml` composer recurses once per level of the syntax tree, and when that exhausts the stack it does not
 * throw: it catches the RangeError and records a RESOURCE_EXHAUSTION error, keeping whatever it had composed so far.
 * How far it got depends on how much stack was free and on how hot V8's JIT had made the composer, so the same text
 * gave different errors from one parse to the next (fuzz seed 20261206: an unclosed `[` followed by a few thousand
 * `key: value` lines nests one level per line; an edited buffer and a fresh server on the same text disagreed).
 * The lexer and the CST parser are iterative, so the depth is measured on the CST, before composing, and a text
 * deeper than MAX_TREE_DEPTH is not composed at all (limits.ts keeps ordinary deep nesting far below that bound).
 */
import { Composer, Parser, YAMLParseError, type CST, type Document } from 'yaml';

type Token = CST.Token;

/**
 * Levels of the CST. The composer overflows the default stack at about 2,000 levels (measured with yaml 2.9); a
 * quarter of that leaves room for a deeper caller stack and cold (unoptimised) frames. Contracts nest ~30 levels;
 * limits.ts blanks lines nested deeper than 100 block levels or 128 flow levels.
 */
export const MAX_TREE_DEPTH = 500;

/** The text nests deeper than MAX_TREE_DEPTH; `at` is where the level beyond the bound starts. */
export class TooDeep {
  constructor(readonly at: number) {}
}

/** Like `yaml`'s parseDocument (first document, MULTIPLE_DOCS when there are more), or TooDeep. */
export function parseBounded(text: string, options: ConstructorParameters<typeof Composer>[0]): Document.Parsed | TooDeep {
  const tokens = lexBounded(text);
  return tokens instanceof TooDeep ? tokens : composeBounded(tokens, text.length, options);
}

/**
 * The parser's top-level tokens of `text` (the CST), or TooDeep when any of them nests beyond MAX_TREE_DEPTH. Both
 * composers (cstCompose.ts, then `yaml`'s when that one declines) read the same tokens: the text is lexed once.
 */
export function lexBounded(text: string): Token[] | TooDeep {
  const tokens: Token[] = [];
  let documents = 0;
  for (const token of new Parser().parse(text)) {
    const at = tooDeepAt(token);
    if (at !== undefined) return new TooDeep(at);
    tokens.push(token);
    // Only the first document is analysed (composeBounded stops at the second one, with MULTIPLE_DOCS): nothing after
    // the second is lexed or measured, as when the composer pulled the tokens itself.
    if (token.type === 'document' && ++documents === 2) break;
  }
  return tokens;
}

/** `yaml`'s composer over tokens from lexBounded: the first document, MULTIPLE_DOCS when there are more. */
export function composeBounded(tokens: readonly Token[], textLength: number, options: ConstructorParameters<typeof Composer>[0]): Document.Parsed {
  let doc: Document.Parsed | undefined;
  // Every syntax error is a YAMLError, and an Error records a stack trace when built: a pasted blob gave ~28,000 of
  // them (each token after a broken document end is one), and capturing their stacks was a tenth of the parse. The
  // traces are never read (a finding carries the position), so none are captured while composing.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const next of new Composer(options).compose(tokens, true, textLength)) {
      if (!doc) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
        break;
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return doc!;
}

type Node = { type?: string; offset?: number; value?: unknown; items?: { key?: unknown; value?: unknown }[] };

function tooDeepAt(token: Token): number | undefined {
  // Two parallel stacks rather than a [node, depth] pair per node: this walks every CST node of the text once, and
  // an array per node was garbage for the collector on the first open of a large contract.
  const nodes: Node[] = [token as Node];
  const depths: number[] = [1];
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > MAX_TREE_DEPTH) return node.offset ?? 0;
    if (node.type === 'document' && node.value && typeof node.value === 'object') {
      nodes.push(node.value as Node);
      depths.push(depth + 1);
    }
    for (const item of node.items ?? []) {
      if (item.key && typeof item.key === 'object') {
        nodes.push(item.key as Node);
        depths.push(depth + 1);
      }
      if (item.value && typeof item.value === 'object') {
        nodes.push(item.value as Node);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}
