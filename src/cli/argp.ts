/**
 * GNU argp's grammar, which Jool 4 parses every operation with (glibc argp_parse(), getopt_long()):
 * options anywhere among the arguments, `--` ends them, long names abbreviate to any unambiguous
 * prefix, `--name=value` or `--name value` (the next element even if it starts with `-`), short
 * flags group (`-tf`), and a short option's value may be glued to it (`-6VALUE`).
 *
 * commander, which the Jool 3 dialect uses, has no abbreviated long options and no way to tell a
 * repeated flag from a single one (the one-protocol rule needs both), hence this small parser. Pure:
 * argv and a table in, options in order and positionals out; problems are thrown as ArgpError.
 */

export interface ArgpOption {
  /** The long name, without dashes. */
  readonly name: string;
  readonly short?: string;
  /** The value's name in help texts, if the option takes one. */
  readonly value?: string;
  readonly description: string;
}

export interface Given {
  readonly option: ArgpOption;
  readonly value?: string;
  /** As typed, for messages: "--tcp", "-t". */
  readonly as: string;
}

export interface ArgpResult {
  readonly given: readonly Given[];
  readonly args: readonly string[];
  /** Index in argv of the first positional when stopping there (stopAtPositional), else argv.length. */
  readonly rest: number;
}

export class ArgpError extends Error {}

export function argp(argv: readonly string[], options: readonly ArgpOption[], stopAtPositional = false): ArgpResult {
  const given: Given[] = [];
  const args: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      if (stopAtPositional) return { given, args, rest: i + 1 };
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const typed = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const option = findLong(typed, a, options);
      if (option.value === undefined) {
        if (eq >= 0) throw new ArgpError(`option '--${option.name}' doesn't allow an argument`);
        given.push({ option, as: `--${option.name}` });
      } else if (eq >= 0) {
        given.push({ option, value: a.slice(eq + 1), as: `--${option.name}` });
      } else {
        if (i + 1 >= argv.length) throw new ArgpError(`option '--${option.name}' requires an argument`);
        given.push({ option, value: argv[++i], as: `--${option.name}` });
      }
    } else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const option = options.find((o) => o.short === a[k]);
        if (option === undefined) throw new ArgpError(`invalid option -- '${a[k]}'`);
        if (option.value === undefined) {
          given.push({ option, as: `-${a[k]}` });
          continue;
        }
        if (k + 1 < a.length) given.push({ option, value: a.slice(k + 1), as: `-${a[k]}` });
        else if (i + 1 < argv.length) given.push({ option, value: argv[++i], as: `-${a[k]}` });
        else throw new ArgpError(`option requires an argument -- '${a[k]}'`);
        break;
      }
    } else {
      if (stopAtPositional) return { given, args, rest: i };
      args.push(a);
    }
  }
  return { given, args, rest: argv.length };
}

function findLong(typed: string, as: string, options: readonly ArgpOption[]): ArgpOption {
  const exact = options.find((o) => o.name === typed);
  if (exact !== undefined) return exact;
  const matches = typed === '' ? [] : options.filter((o) => o.name.startsWith(typed));
  if (matches.length === 1) return matches[0];
  const shown = as.split('=')[0];
  if (matches.length > 1) throw new ArgpError(`option '${shown}' is ambiguous; possibilities: ${matches.map((o) => `'--${o.name}'`).join(' ')}`);
  throw new ArgpError(`unrecognized option '${shown}'`);
}

/** Jool's find_matches(): a label typed whole wins, else the one label it is a prefix of. */
export function matchLabel(token: string, labels: readonly string[]): { label?: string; candidates: readonly string[] } {
  if (labels.includes(token)) return { label: token, candidates: [token] };
  const candidates = labels.filter((l) => l.startsWith(token));
  return candidates.length === 1 ? { label: candidates[0], candidates } : { candidates };
}
