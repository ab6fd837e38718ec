/** The checksum that vouches for a BIB's lines in the state file (layout.ts). */
import { createHash } from 'node:crypto';

export function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
