/**
 * The state file's format: bytes <-> State. Reading tries the fast in-place reader of jool's own
 * layout first, and falls back to the validating reader, which also reads version 1.
 */
import type { State } from '../pool4/instances.js';
import { readJson } from './read-json.js';
import { readOwnLayout } from './read-layout.js';

export { encode, serialize } from './encode.js';
export { FORMAT, VERSION } from './layout.js';
export { StateFormatError } from './validate.js';

/** With the file's bytes, unchanged runs can later be copied from them (encode.ts). */
export function parse(text: string, bytes?: Buffer): State {
  return readOwnLayout(text, bytes) ?? readJson(text);
}
