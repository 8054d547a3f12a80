/**
 * A structure problem as the schema interpreter (interpret.ts) reports it, before locate.ts places it on a YAML node.
 * Its own module so that the message helpers (messages.ts) and the interpreter both use it without importing each
 * other.
 */

/** A step of a JSON path: a key or an index. */
export type Segment = string | number;

export type Issue =
  | { kind: 'unknownKey'; code: 'CL020'; path: Segment[]; key: string; message: string; suggestion?: string; newerVersion?: string }
  | { kind: 'missingKey'; code: 'CL021'; path: Segment[]; key: string; message: string; placeholder: string; discriminator?: string; keys?: { key: string; placeholder: string }[]; renameFrom?: string }
  | { kind: 'value'; code: 'CL022' | 'CL023' | 'CL024' | 'CL025'; path: Segment[]; message: string; replacements?: string[]; newerVersion?: string }
  | { kind: 'extraOperator'; code: 'CL025'; path: Segment[]; key: string; message: string }
  | { kind: 'duplicateItem'; code: 'CL025'; path: Segment[]; message: string };
