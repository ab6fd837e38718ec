/**
 * argv -> Request, in either dialect. An argv that names a Jool 3 mode (`--pool4`, `-4`, `--bib`, `--session`) speaks
 * Jool 3, whatever the order of its words (`jool 192.0.2.1 --add --pool4` is Jool 3 too); else an
 * argv whose first word, after the global options, is not an option (`jool pool4 ...`,
 * `jool -i nat64 p d`) speaks Jool 4; any other speaks Jool 3.
 */
import { GLOBAL_OPTIONS } from './jool4-options.js';
import { parseJool3 } from './jool3.js';
import { parseJool4, type Jool4Environment } from './jool4.js';
import type { Request } from './requests.js';
import { jool3ReleaseNamed } from '../releases/releases.js';

export type { Request } from './requests.js';
export type { Jool4Environment as Environment } from './jool4.js';

export function parseArgs(argv: readonly string[], environment: Jool4Environment): Request {
  return speaksJool4(argv) && !bareUnderJool3(argv, environment) ? parseJool4(argv, environment) : parseJool3(argv, environment);
}

/**
 * `jool` with nothing but global options, under a 3.x JOOL_VERSION: Jool 3's default mode, a
 * display of the globals (SPEC 12). Unset, it stays Jool 4's "needs a mode".
 */
function bareUnderJool3(argv: readonly string[], environment: Jool4Environment): boolean {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-') i += globalOptionLength(argv[i]) || argv.length;
  if (i !== argv.length) return false;
  const at = argv.findIndex((w) => w === '--jool-version' || w.startsWith('--jool-version='));
  const flag = at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
  const text = flag ?? environment.env.JOOL_VERSION;
  return text !== undefined && jool3ReleaseNamed(text) !== undefined;
}

/** Whether a word that is not an option follows the (Jool 4) global options, or nothing but them is given. */
export function speaksJool4(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  // -4 may be grouped with other short flags (-4a), but not after -m, whose value it would be.
  // Jool 3's modes: -4, -b and -s may be grouped with other short flags (-4a, -bn), but not after -m,
  // whose value they would be. A b or an s glued after Jool 4's -i or -f is its value (-isiit).
  const jool3 = (w: string) => ['--pool4', '--bib', '--session'].includes(w) || /^-[^-m]*4/.test(w) || /^-(?![if])[4bsdcarftuinq]*[bs][4bsdcarftuinq]*$/.test(w);
  if ((end < 0 ? argv : argv.slice(0, end)).some(jool3)) return false;
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-') {
    const taken = globalOptionLength(argv[i]);
    if (taken === 0) return false;
    i += taken;
  }
  return i > 0 || i < argv.length; // jool alone is Jool 3's "only --pool4" usage error
}

/** How many words a global option takes (1 or 2), or 0 if the word is not one. */
function globalOptionLength(word: string): number {
  if (word.startsWith('--')) {
    const [name, value] = [word.slice(2).split('=')[0], word.includes('=')];
    const matches = GLOBAL_OPTIONS.filter((o) => name !== '' && o.name.startsWith(name));
    const option = matches.find((o) => o.name === name) ?? (matches.length === 1 ? matches[0] : undefined);
    if (option === undefined) return 0;
    return option.value === undefined || value ? 1 : 2;
  }
  const option = GLOBAL_OPTIONS.find((o) => o.short === word[1]);
  if (option === undefined) return 0;
  if (option.value === undefined) return word.length === 2 ? 1 : 0;
  return word.length > 2 ? 1 : 2;
}
