/** Types of generate.mjs, for the TypeScript tests that share the generator. */
export function generateContract(lines: number, options?: { name?: string; propsPerTable?: number }): string;
export function middleEditOffset(text: string): number;
