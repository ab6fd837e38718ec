/** The checksum that vouches for a BIB's lines in the state file (layout.ts). */

export function sha1(bytes: Buffer): string {
  // Loaded here, not at start-up: only a state with BIB entries needs it.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(bytes).digest('hex');
}
