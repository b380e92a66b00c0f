// ANSI colour for the terminal only: plain text when stdout is not a TTY (piped, CI, tests) or NO_COLOR is set.

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

export type Style = keyof typeof CODES;

const enabled = process.stdout.isTTY === true && !process.env.NO_COLOR;

export function paint(style: Style, text: string): string {
  return enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
