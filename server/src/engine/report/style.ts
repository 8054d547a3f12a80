/**
 * How a text report emphasises: the engine's text renderers take a TextStyle, the CLI passes ANSI colours
 * (cli/render/colors.ts) on a terminal, everyone else gets PLAIN. The engine itself never writes an escape code.
 */
export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

const identity = (s: string) => s;

export const PLAIN: TextStyle = { bold: identity, dim: identity, red: identity, yellow: identity, green: identity };
