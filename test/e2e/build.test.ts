// What the build leaves for bin/jool: the bundle, a code cache V8 accepts, the manual page.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const dist = resolve(__dirname, '..', '..', 'dist');

it('makes a code cache that this Node accepts for the bundle', () => {
  expect(existsSync(`${dist}/jool.js.cache`)).toBe(true);
  // In a fresh process: V8 rejects a cache made under other flags, and test workers may have some.
  const probe = `
    const fs = require('node:fs'), vm = require('node:vm');
    const file = ${JSON.stringify(`${dist}/jool.js`)};
    const script = new vm.Script(fs.readFileSync(file, 'utf8'), { filename: file, cachedData: fs.readFileSync(file + '.cache') });
    process.stdout.write(String(script.cachedDataRejected));
  `;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.stdout).toBe('false');
});

it('writes the manual page', () => {
  expect(existsSync(`${dist}/jool.1`)).toBe(true);
});
