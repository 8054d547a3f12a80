/**
 * Which logical types can be joined by a relationship (CL111). Documented in docs/rules/CL111-relationship-type-mismatch.md;
 * keep the two in step.
 *
 *   source \ target   string  integer  number  boolean  date  timestamp  time  object  array
 *   string              ✓
 *   integer                     ✓        ✓
 *   number                      ✓        ✓
 *   boolean                                      ✓
 *   date                                                  ✓
 *   timestamp                                                   ✓
 *   time                                                                   ✓
 *   object / array: never a key (any relationship on them is reported)
 *
 * integer and number join (an integer key stored in a decimal column still matches); a string never matches a
 * number (`'42'` vs `42` silently fails a join), and a date never matches a timestamp (time part).
 * Unknown types (a typo is reported by the schema pass) are not judged here.
 */
const GROUP: Record<string, string> = {
  string: 'string',
  integer: 'numeric',
  number: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  time: 'time',
  object: 'object',
  array: 'array',
};

export function typesCompatible(source: string, target: string): boolean {
  const a = GROUP[source];
  const b = GROUP[target];
  if (!a || !b) return true;
  if (a === 'object' || a === 'array' || b === 'object' || b === 'array') return false;
  return a === b;
}
