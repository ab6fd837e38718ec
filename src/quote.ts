/**
 * Shows text the user gave inside a message: on one line, without control characters (a hostile
 * argument must not drive the terminal), and cut short if it is long.
 */

export function quote(value: string): string {
  return `'${printable(value)}'`;
}

export function printable(text: string, longest = 80): string {
  const chars = [...text];
  const shown = chars.length > longest ? `${chars.slice(0, longest - 3).join('')}...` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  return shown.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A file's path inside a message: escaped like any value, and cut only when it is very long. */
export function quotePath(path: string): string {
  return `'${printable(path, 300)}'`;
}
