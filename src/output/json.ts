/**
 * --display --json: the instance as the "pool4" and "bib" members of Jool 4's atomic
 * configuration file, ready to paste into a real one for `jool file handle`; with --all, the whole
 * file (writeConfig). pool4 has one entry per CIDR block and port range; a table whose max
 * iterations are not auto says so in each of its entries (file handle takes the last). The BIB's
 * entries are written as Jool prints them.
 */
import { formatAddress, formatPrefix } from '../pool4/addresses.js';
import type { Protocol, Table } from '../pool4/pool.js';
import type { BibEntry } from '../bib/bib.js';
import { blocksOf } from './blocks.js';
import type { Sink } from './sink.js';
import { iterationsText } from '../state/encode.js';
import { globalJsonText, globalValues, NO_SETTINGS, type GlobalSettings } from '../global/globals.js';
import type { Jool4Release } from '../releases/releases.js';

type Statics = readonly { protocol: Protocol; entry: BibEntry }[];

export function writeJson(tables: readonly Table[], bib: Statics, out: Sink): void {
  out.write(`{\n${arrays(tables, bib)}\n}\n`);
}

/** The whole instance, every global of the release named (file handle resets those a file leaves out). */
export function writeConfig(instance: { name: string; framework: string; pool6: string; globals?: GlobalSettings }, tables: readonly Table[], bib: Statics, out: Sink, release: Jool4Release): void {
  const { metas, values } = globalValues(instance.globals ?? NO_SETTINGS, instance.pool6, release);
  const globals = metas.map((g, i) => `    ${JSON.stringify(g.name)}: ${globalJsonText(g, values[i])}`);
  out.write(`{\n  "instance": ${JSON.stringify(instance.name)},\n  "framework": "${instance.framework}",\n  "global": {\n${globals.join(',\n')}\n  },\n${arrays(tables, bib)}\n}\n`);
}

function arrays(tables: readonly Table[], bib: Statics): string {
  const statics = bib.map(
    ({ protocol, entry: e }) => `    {\n      "protocol": "${protocol}",\n      "ipv6 address": "${e.address6}#${e.port6}",\n      "ipv4 address": "${formatAddress(e.address4)}#${e.port4}"\n    }`,
  );
  return `  "pool4": ${pool4Array(tables)},\n  "bib": ${list(statics)}`;
}

/** A pool made for a configuration (--generate --json): its "pool4" array, after a "comment" that says what it is. */
export function writePool4Json(tables: readonly Table[], comment: string, out: Sink): void {
  out.write(`{\n  "comment": ${JSON.stringify(comment)},\n  "pool4": ${pool4Array(tables)}\n}\n`);
}

function pool4Array(tables: readonly Table[]): string {
  const entries: string[] = [];
  for (const b of blocksOf(tables)) {
    const iterations = b.iterations === 'auto' ? '' : `,\n      "max-iterations": ${iterationsText(b.iterations)}`;
    for (const [min, max] of b.ports) {
      entries.push(`    {\n      "mark": ${b.mark},\n      "protocol": "${b.protocol}",\n      "prefix": "${formatPrefix(b.prefix)}",\n      "port range": "${min}-${max}"${iterations}\n    }`);
    }
  }
  return list(entries);
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n  ]`;
}
