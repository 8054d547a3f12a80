/**
 * Pairs the items of two versions of a list (schema objects, properties, servers, quality rules): first by a stable
 * `id` when both sides have one, then by name. An item matched by id under another name is a rename, not a removal
 * plus an addition. Duplicate names are paired in order of appearance (the linter reports the duplicate).
 */
export interface Keyed<T> {
  item: T;
  id?: string;
  name?: string;
}

export interface Matching<T> {
  pairs: { before: T; after: T; renamed: boolean }[];
  removed: T[];
  added: T[];
}

export function matchItems<T>(before: Keyed<T>[], after: Keyed<T>[]): Matching<T> {
  const pairs: Matching<T>['pairs'] = [];
  const usedAfter = new Set<number>();
  const usedBefore = new Set<number>();

  const byId = new Map<string, number[]>();
  after.forEach((a, i) => a.id !== undefined && push(byId, a.id, i));
  before.forEach((b, i) => {
    if (b.id === undefined) return;
    const j = take(byId, b.id, usedAfter);
    if (j === undefined) return;
    usedBefore.add(i);
    pairs.push({ before: b.item, after: after[j].item, renamed: (b.name ?? '') !== (after[j].name ?? '') });
  });

  const byName = new Map<string, number[]>();
  after.forEach((a, i) => !usedAfter.has(i) && a.name !== undefined && push(byName, a.name, i));
  before.forEach((b, i) => {
    if (usedBefore.has(i) || b.name === undefined) return;
    const j = take(byName, b.name, usedAfter);
    if (j === undefined) return;
    // Both sides carry different ids: another item that reuses the name. Still the same column for readers.
    usedBefore.add(i);
    pairs.push({ before: b.item, after: after[j].item, renamed: false });
  });

  return {
    pairs,
    removed: before.filter((_, i) => !usedBefore.has(i)).map((b) => b.item),
    added: after.filter((_, i) => !usedAfter.has(i)).map((a) => a.item),
  };
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

function take(map: Map<string, number[]>, key: string, used: Set<number>): number | undefined {
  const list = map.get(key);
  while (list && list.length) {
    const j = list.shift()!;
    if (!used.has(j)) {
      used.add(j);
      return j;
    }
  }
  return undefined;
}
