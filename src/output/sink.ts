/**
 * Where output goes. Rows are written in chunks as they are made, so printing a huge pool takes
 * little memory, and each chunk is written synchronously: the next one is only made once the
 * reader has taken this one (backpressure without an event loop).
 */
import { writeSync } from 'node:fs';
import { code, sleep } from '../host/system.js';

export interface Sink {
  write(text: string): void;
  /** Bytes made elsewhere (ASCII), written in their turn; taken before the call returns, so the caller may reuse them. */
  writeBytes(bytes: Buffer): void;
  /** Writes out whatever is buffered. */
  end(): void;
}

/** The reader went away (`jool --pool4 | head`); not an error of ours. */
export class BrokenPipe extends Error {}

const CHUNK = 64 * 1024;

export function fdSink(fd: number): Sink {
  let buffer = '';
  const flush = () => {
    if (buffer.length > 0) writeAll(fd, Buffer.from(buffer));
    buffer = '';
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) flush();
    },
    writeBytes(bytes) {
      flush();
      writeAll(fd, bytes);
    },
    end: flush,
  };
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (e) {
      if (code(e) === 'EAGAIN') {
        sleep(1); // a non-blocking pipe that is full: wait for the reader
        continue;
      }
      if (code(e) === 'EPIPE') throw new BrokenPipe();
      throw e;
    }
  }
}

/** Collects output in memory (tests, and commands that must not print if they fail). */
export function stringSink(): Sink & { text(): string } {
  const parts: string[] = [];
  return {
    write: (t) => void parts.push(t),
    writeBytes: (b) => void parts.push(b.toString('latin1')),
    end: () => {},
    text: () => parts.join(''),
  };
}
