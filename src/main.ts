/**
 * The program: argv in, exit status out. The only module that touches process.argv, the real
 * stdout/stderr and the exit status.
 */
import { writeSync } from 'node:fs';
import { parseArgs, type Environment } from './cli.js';
import { EXIT_OK, render, toJoolError } from './errors.js';
import { helpText } from './options.js';
import * as operations from './operations.js';
import { BrokenPipe, fdSink, type Sink } from './output/sink.js';

declare const JOOL_VERSION: string;

export function run(argv: readonly string[], environment: Environment, out: Sink): number {
  const request = parseArgs(argv, environment);
  switch (request.operation) {
    case 'help':
      out.write(helpText());
      break;
    case 'version':
      out.write(`jool ${typeof JOOL_VERSION === 'string' ? JOOL_VERSION : 'development'} (pool4 only, state in a file)\n`);
      break;
    case 'display':
      operations.display(request, out);
      break;
    case 'count':
      operations.count(request, out);
      break;
    case 'add':
      operations.add(request);
      break;
    case 'remove':
      operations.remove(request);
      break;
    case 'flush':
      operations.flush(request);
      break;
  }
  out.end();
  return EXIT_OK;
}

/** $HOME, as the shell sees it; the os module (slower to load) only when it is unset. */
function home(): string {
  return process.env.HOME || (require('node:os') as typeof import('node:os')).homedir();
}

export function main(): void {
  try {
    process.exitCode = run(process.argv.slice(2), { env: process.env, home: home() }, fdSink(1));
  } catch (e) {
    if (e instanceof BrokenPipe) return; // the reader left; as if killed by SIGPIPE, but quietly
    const error = toJoolError(e);
    writeSync(2, render(error));
    process.exitCode = error.status;
  }
}
