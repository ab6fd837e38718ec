// End-to-end tests spawn bin/jool, which runs dist/jool.js: build it fresh before any test runs,
// and the helper that holds a lock for the locking tests.
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';

export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], { stdio: 'inherit' });
  buildSync({
    entryPoints: ['test/fixtures/hold-lock.ts'],
    outfile: 'dist/test/hold-lock.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
}
