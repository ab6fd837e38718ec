/**
 * The program: argv in, exit status out. The only module that touches process.argv, the real
 * stdout/stderr and the exit status.
 */
import { writeSync } from 'node:fs';
import { instanceNameIn, ConfigError } from './atomic-config.js';
import { parseArgs, type Environment, type Request } from './cli/index.js';
import { helpText } from './docs/help.js';
import { bashCompletion } from './docs/completion.js';
import { EXIT_OK, render, toJoolError } from './errors.js';
import { FileError } from './file-errors.js';
import * as operations from './operations.js';
import { BrokenPipe, fdSink, type Sink } from './output/sink.js';
import { systemResolver, type Resolver } from './names.js';

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
  const status = dispatch(request, out, context);
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

function dispatch(request: Request, out: Sink, context: Context): number | Promise<number> {
  switch (request.operation) {
    case 'help':
      out.write(helpText());
      return EXIT_OK;
    case 'version':
      out.write(`jool ${typeof JOOL_VERSION === 'string' ? JOOL_VERSION : 'development'} (pool4, static BIB and sessions, state in a file; Jool 3 and Jool 4.1.15 syntax)\n`);
      return EXIT_OK;
    case 'completion':
      out.write(bashCompletion());
      return EXIT_OK;
    case 'display':
      return operations.display(request, out);
    case 'count':
      return operations.count(request, out);
    case 'add':
      return operations.add(request);
    case 'remove':
      return operations.remove(request);
    case 'flush':
      return operations.flush(request);
    case 'check':
      return operations.check(request, out);
    case 'plan':
      return operations.plan(request, out);
    case 'import':
      return operations.importFile(request);
    case 'instance-display':
      return operations.instanceDisplay(request, out);
    case 'instance-add':
      return operations.instanceAdd(request);
    case 'instance-remove':
      return operations.instanceRemove(request);
    case 'instance-flush':
      return operations.instanceFlush(request);
    case 'instance-status':
      return operations.instanceStatus(request, out);
    case 'file-handle':
      return operations.fileHandle(request);
    case 'file-check':
      return operations.fileCheck(request);
    case 'global-display':
      return operations.globalDisplay(request, out);
    case 'global-update':
      return operations.globalUpdate(request);
    case 'stats-display':
      return operations.statsDisplay(request, out);
    case 'bib-display':
      return operations.bibDisplay(request, out, context.resolver, context.warn);
    case 'bib-count':
      return operations.bibCount(request, out);
    case 'bib-add':
      return operations.bibAdd(request, out);
    case 'bib-remove':
      return operations.bibRemove(request, out);
    case 'session-display':
      return operations.sessionDisplay(request, out);
    case 'session-count':
      return operations.sessionCount(request, out);
  }
}

/** $HOME, as the shell sees it; the os module (slower to load) only when it is unset. */
function home(): string {
  return process.env.HOME || (require('node:os') as typeof import('node:os')).homedir();
}

/** `jool -f FILE`: the instance named in the file. */
function instanceInFile(file: string): string {
  try {
    return instanceNameIn(operations.readConfigText(file));
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
    status.then((s) => process.exit(s), (e) => process.exit(fail(e)));
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
