/** The checksum that vouches for a BIB's lines and a table's runs in the state file (layout.ts). */

/** Of the bytes, or of the pieces one after the other. */
export function sha1(bytes: Buffer | readonly Buffer[]): string {
  // Loaded here, not at start-up: a command on an empty pool does not need it.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha1');
  for (const piece of Buffer.isBuffer(bytes) ? [bytes] : bytes) hash.update(piece);
  return hash.digest('hex');
}
