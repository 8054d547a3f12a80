/**
 * Everything a specific comparison does not handle (descriptions, tags, examples, business names, custom
 * properties…): reported as info, one change per key, so a reviewer still sees it in the changelog.
 */
import { getPair, keyText, type YMap } from '../syntax/ast.js';
import { nodeJS, sameValue, type ChangeCollector } from './collector.js';

export function compareMetadata(
  out: ChangeCollector,
  subject: string,
  before: YMap,
  after: YMap,
  handled: ReadonlySet<string>,
  /** Where a key that disappeared is reported in the new file (e.g. the object's name). */
  anchor: { start: number; end: number },
): void {
  const keys = new Set<string>();
  for (const p of before.pairs) keys.add(keyText(p));
  for (const p of after.pairs) keys.add(keyText(p));
  for (const key of keys) {
    if (handled.has(key)) continue;
    const b = getPair(before, key);
    const a = getPair(after, key);
    const bv = nodeJS(b?.value);
    const av = nodeJS(a?.value);
    if (sameValue(bv, av)) continue;
    const what = !b ? 'added' : !a ? 'removed' : 'changed';
    out.add({
      code: 'CL329',
      level: 'info',
      subject,
      message: `${subject}: ${key} ${what}.`,
      at: { side: 'new', node: a ? a.value : anchor },
      before: b ? bv : undefined,
      after: a ? av : undefined,
    });
  }
}
