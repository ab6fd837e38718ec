/**
 * The state file's format: bytes <-> State. Reading tries the fast in-place reader of jool's own
 * layout first, and falls back to the validating reader, which also reads version 1.
 */
import type { State } from '../instance/instances.js';
import { readJson } from './read-json.js';
import { type Focus, readOwnLayout } from './read-layout.js';

export type { Focus } from './read-layout.js';

export { encode, encodeParts, serialize } from './encode.js';
export { FORMAT, VERSION } from './layout.js';
export { StateFormatError } from './validate.js';

/** A file's text. With its bytes, unchanged runs can later be copied from them (encode.ts). */
export function parse(text: string, bytes?: Buffer): State {
  return parseBytes(bytes ?? Buffer.from(text, 'utf8'));
}

/**
 * A file's bytes: jool's own layout read as they are, anything else decoded as UTF-8 and validated.
 * With a focus, the state is for that change alone (read-layout.ts).
 */
export function parseBytes(bytes: Buffer, focus?: Focus): State {
  return readOwnLayout(bytes, focus) ?? readJson(bytes.toString('utf8'));
}
