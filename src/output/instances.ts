/**
 * `jool instance display` as Jool 4.1.15 prints it (src/usr/argp/wargp/instance.c). Its Namespace
 * column is a kernel pointer; there is no kernel here, so it holds a fixed placeholder, 0.
 */
import type { Instance } from '../instance/instances.js';
import type { Sink } from './sink.js';

const DIVISOR = '+--------------------+-----------------+-----------+\n';
const NAMESPACE = '0';

export function writeInstances(instances: readonly Instance[], csv: boolean, headers: boolean, out: Sink): void {
  if (headers) out.write(csv ? 'Namespace,Name,Framework\n' : `${DIVISOR}|          Namespace |            Name | Framework |\n`);
  if (!csv) out.write(DIVISOR);
  for (const i of instances) {
    // An instance that sprang into being on first use has no framework: Jool's "unknown".
    const framework = i.framework ?? 'unknown';
    out.write(csv ? `${NAMESPACE},${i.name},${framework}\n` : `| ${NAMESPACE.padStart(18)} | ${i.name.padStart(15)} | ${framework.padStart(9)} |\n`);
  }
  if (!csv) out.write(DIVISOR);
}
