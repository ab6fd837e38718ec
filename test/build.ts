// End-to-end tests spawn bin/jool, which runs dist/jool.js: build it fresh before any test runs.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], { stdio: 'inherit' });
}
