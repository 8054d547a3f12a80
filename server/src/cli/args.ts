/**
 * Command-line arguments of a sub-command. A thin layer over Node's own `util.parseArgs` (stable since Node 20, so
 * no dependency): it turns parse failures into `UsageError` (exit 2 with the command's usage) and checks numbers.
 *
 *   const args = parseCommandArgs(argv, { format: { type: 'string' }, 'max-warnings': { type: 'string' } });
 *   args.values.format; args.positionals;
 *   const max = integerOption(args.values, 'max-warnings', { min: 0 });
 */
import { parseArgs } from 'node:util';
import { UsageError } from './command.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true
    ? boolean[]
    : boolean
  : S['multiple'] extends true
    ? string[]
    : string;

export interface ParsedArgs<S extends OptionSpecs> {
  values: { [K in keyof S]?: ValueOf<S[K]> };
  positionals: string[];
}

export function parseCommandArgs<S extends OptionSpecs>(argv: string[], options: S): ParsedArgs<S> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs<S>['values'], positionals };
  } catch (e) {
    throw new UsageError(friendlyMessage(e as Error & { code?: string }));
  }
}

/** An option that must be a whole number (e.g. `--max-warnings 10`); undefined when not given. */
export function integerOption(values: Record<string, unknown>, name: string, range: { min?: number; max?: number } = {}): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
    const bound = range.min !== undefined ? ` (${range.min} or more)` : '';
    throw new UsageError(`--${name} expects a whole number${bound}, got "${text}".`);
  }
  return n;
}

/** An option restricted to a few words, e.g. `--fail-on error|warning|never`. */
export function choiceOption<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(raw)}".`);
  return raw as T;
}

function friendlyMessage(e: Error & { code?: string }): string {
  // Node's messages are good but mention internals ("To specify a positional argument starting with a '-'…");
  // keep their first sentence, which names the option.
  const first = e.message.split(/(?<=\.)\s/)[0] ?? e.message;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return first.replace(/^Unknown option '([^']+)'\.?$/, 'unknown option $1');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return first.replace(/^Option '(\S+)(?: <value>)?' argument missing$/, 'option $1 needs a value');
    default:
      return first;
  }
}
