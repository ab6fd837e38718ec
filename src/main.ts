/**
 * The program: argv in, exit status out. The only module that touches process.argv, the real
 * stdout/stderr and the exit status.
 */
import { writeSync } from 'node:fs';
import { instanceNameIn, ConfigError } from './formats/atomic-config.js';
import { parseArgs, type Environment, type Request } from './cli/index.js';
import { helpText } from './docs/help.js';
import { bashCompletion } from './docs/completion.js';
import { EXIT_OK, render, toJoolError } from './errors.js';
import { FileError } from './formats/file-errors.js';
import * as bibMode from './modes/bib.js';
import { check } from './modes/check.js';
import { lookup } from './modes/lookup.js';
import { generate } from './modes/generate.js';
import * as fileMode from './modes/file.js';
import * as globalMode from './modes/global.js';
import { importFile } from './modes/import.js';
import * as instanceMode from './modes/instance.js';
import { plan } from './modes/plan.js';
import * as pool4Mode from './modes/pool4.js';
import * as pool6Mode from './modes/pool6.js';
import * as jool3GlobalMode from './modes/jool3-global.js';
import { readConfigText } from './modes/sources.js';
import { BrokenPipe, fdSink, type Sink } from './output/sink.js';
import { systemResolver, type Resolver } from './formats/names.js';
import { SEED } from './releases/releases.js';

declare const JOOL_VERSION: string;

/** What run() needs besides argv: the environment, and for tests a resolver of names and a stderr of their own. */
export interface RunEnvironment extends Environment {
  readonly resolver?: () => Resolver;
  readonly warn?: (line: string) => void;
}

/** The exit status; a promise of it only for a display that resolves names. */
export function run(argv: readonly string[], environment: RunEnvironment, out: Sink): number | Promise<number> {
  const request = parseArgs(argv, { instanceInFile, ...environment });
  const context: Context = {
    resolver: environment.resolver ?? (() => systemResolver(environment.env)),
    warn: environment.warn ?? ((line) => writeSync(2, `jool: warning: ${line}\n`)),
  };
  let status: number | Promise<number>;
  try {
    status = dispatch(request, out, context);
  } catch (e) {
    // What Jool prints on stdout before it fails (3.5's --force warning) is printed too.
    out.end();
    throw e;
  }
  if (typeof status === 'number') {
    out.end();
    return status;
  }
  return status.then((s) => {
    out.end();
    return s;
  });
}

interface Context {
  readonly resolver: () => Resolver;
  readonly warn: (line: string) => void;
}

type Handler<K extends Request['operation']> = (request: Extract<Request, { operation: K }>, out: Sink, context: Context) => number | Promise<number>;

/** Every operation of both syntaxes, each carried out by its mode (src/modes/). */
const OPERATIONS: { readonly [K in Request['operation']]: Handler<K> } = {
  help: (_, out) => {
    out.write(helpText());
    return EXIT_OK;
  },
  version: (r, out) => {
    const program = typeof JOOL_VERSION === 'string' ? JOOL_VERSION : 'development';
    const jool3 = r.jool3 === undefined || r.jool3 === SEED ? 'Jool 3 at f04b57f2 (the seed page)' : `Jool ${r.jool3}`;
    out.write(`jool ${program} answers as Jool ${r.release} in the Jool 4 syntax and as ${jool3} in the Jool 3 syntax (JOOL_VERSION, --jool-version); state in a file\n`);
    return EXIT_OK;
  },
  completion: (_, out) => {
    out.write(bashCompletion());
    return EXIT_OK;
  },
  display: (r, out) => pool4Mode.display(r, out),
  count: (r, out) => pool4Mode.count(r, out),
  add: (r, out) => pool4Mode.add(r, out),
  remove: (r) => pool4Mode.remove(r),
  flush: (r) => pool4Mode.flush(r),
  'pool4-update': (r) => pool4Mode.update(r),
  'pool6-display': (r, out) => pool6Mode.pool6Display(r, out),
  'pool6-count': (r, out) => pool6Mode.pool6Count(r, out),
  'pool6-add': (r) => pool6Mode.pool6Add(r),
  'pool6-remove': (r) => pool6Mode.pool6Remove(r),
  'pool6-flush': (r) => pool6Mode.pool6Flush(r),
  'jool3-global-display': (r, out) => jool3GlobalMode.jool3GlobalDisplay(r, out),
  'jool3-global-update': (r) => jool3GlobalMode.jool3GlobalUpdate(r),
  check: (r, out) => check(r, out),
  plan: (r, out) => plan(r, out),
  lookup: (r, out) => lookup(r, out),
  generate: (r, out) => generate(r, out),
  import: (r) => importFile(r),
  'instance-display': (r, out) => instanceMode.instanceDisplay(r, out),
  'instance-add': (r) => instanceMode.instanceAdd(r),
  'instance-remove': (r) => instanceMode.instanceRemove(r),
  'instance-flush': (r) => instanceMode.instanceFlush(r),
  'instance-status': (r, out) => instanceMode.instanceStatus(r, out),
  'file-handle': (r) => fileMode.fileHandle(r),
  'file-check': (r, out) => fileMode.fileCheck(r, out),
  'global-display': (r, out) => globalMode.globalDisplay(r, out),
  'global-update': (r) => globalMode.globalUpdate(r),
  'stats-display': (r, out) => globalMode.statsDisplay(r, out),
  'bib-display': (r, out, context) => bibMode.bibDisplay(r, out, context.resolver, context.warn),
  'bib-count': (r, out) => bibMode.bibCount(r, out),
  'bib-add': (r, out) => bibMode.bibAdd(r, out),
  'bib-remove': (r, out) => bibMode.bibRemove(r, out),
  'session-display': (r, out) => bibMode.sessionDisplay(r, out),
  'session-count': (r, out) => bibMode.sessionCount(r, out),
};

function dispatch(request: Request, out: Sink, context: Context): number | Promise<number> {
  const handler = OPERATIONS[request.operation] as Handler<Request['operation']>;
  return handler(request, out, context);
}

/** $HOME, as the shell sees it; the os module (slower to load) only when it is unset. */
function home(): string {
  return process.env.HOME || (require('node:os') as typeof import('node:os')).homedir();
}

/** `jool -f FILE`: the instance named in the file. */
function instanceInFile(file: string): string {
  try {
    return instanceNameIn(readConfigText(file));
  } catch (e) {
    if (e instanceof ConfigError) throw new FileError(file, e.where, e.problem);
    throw e;
  }
}

export function main(): void {
  try {
    const status = run(process.argv.slice(2), { env: process.env, home: home() }, fdSink(1));
    if (typeof status === 'number') {
      process.exitCode = status;
      return;
    }
    // Lookups the deadline gave up on may still be running in the resolver's threads: do not wait for them.
    status.then(
      (s) => process.exit(s),
      (e) => process.exit(fail(e)),
    );
  } catch (e) {
    process.exitCode = fail(e);
  }
}

function fail(e: unknown): number {
  if (e instanceof BrokenPipe) return 0; // the reader left; as if killed by SIGPIPE, but quietly
  const error = toJoolError(e);
  writeSync(2, render(error));
  return error.status;
}
