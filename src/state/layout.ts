/**
 * The state file's layout, version 3, as encode() writes it and readOwnLayout() reads it back in
 * place. One set of pieces for both, so that they cannot disagree.
 *
 *   {
 *     "format": "jool-pool4-state",
 *     "version": 3,
 *     "instances": [
 *       {
 *         "name": "default",
 *         "tables": [
 *           {
 *             "mark": 0,
 *             "protocol": "TCP",
 *             "max-iterations": "auto",
 *             "counter": 5535,
 *             "runs": [
 *               "192.0.2.1 60001-65535"
 *             ],
 *             "transport-addresses": 5535,
 *             "runs-sha1": "<40 hex digits>"
 *           }
 *         ],
 *         "bib": [
 *           "TCP 192.0.2.1#80 2001:db8::1#80"
 *         ],
 *         "bib-sha1": "<40 hex digits>"
 *       }
 *     ]
 *   }
 *
 * An instance may also have "framework", "pool6", "globals" and "pool4-holes" between "name" and
 * "tables". "pool4-holes" lists, on one line, the ranges a remove took out of Jool 4's mark-less
 * pool4 tree that a table of another mark still holds ("TCP 192.0.2.1-192.0.2.1 40-60"; holes.ts).
 * "globals" holds, on one line, the globals it sets apart from their defaults, in Jool's order and
 * as a configuration file writes them ({"lowest-ipv6-mtu": 1440, "udp-timeout": "0:10:00"}). Its static BIB
 * entries are sorted by protocol (TCP, UDP, ICMP), then IPv4 address and port. A BIB with entries
 * is followed by the SHA-1 of its lines' bytes, from just after "[" to the last line's closing
 * quote: the fast reader takes lines it vouches for without checking each one (a BIB may hold
 * 65,536), and anything else, a hand edit say, goes to the validating reader.
 *
 * A table whose runs take CHECKSUM_BYTES or more is followed the same way by the number of transport
 * addresses its runs hold and the SHA-1 of their bytes, from just after "[" to the end of that number. A command that changes a
 * few addresses of a large table (an add, a remove) reads only the runs around them, and copies
 * the rest as bytes that the checksum vouches for (read-layout.ts); the number is what the
 * capacity rule needs of the runs it does not read. Any other command reads every run, as before.
 * The validating reader ignores both keys (they are derived), and so does the previous release's.
 */
import type { Bib } from '../bib/bib.js';
import type { Runs } from '../pool4/table.js';
import { RUN_INDENT } from './runs-text.js';

export const FORMAT = 'jool-pool4-state';
export const VERSION = 3;

export const HEAD = `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "instances": [`;
export const EMPTY_TAIL = ']\n}\n';
export const INSTANCE_OPEN = '\n    {\n      "name": ';
export const FRAMEWORK_KEY = ',\n      "framework": ';
export const POOL6_KEY = ',\n      "pool6": ';
export const GLOBALS_KEY = ',\n      "globals": ';
export const HOLES_KEY = ',\n      "pool4-holes": ';
export const TABLES_KEY = ',\n      "tables": [';
export const NO_TABLES_CLOSE = ']';
export const TABLE_OPEN = '\n        {\n          "mark": ';
export const PROTOCOL_KEY = ',\n          "protocol": "';
export const ITERATIONS_KEY = '",\n          "max-iterations": ';
export const COUNTER_KEY = ',\n          "counter": ';
export const RUNS_KEY = ',\n          "runs": [';
export const RUN_OPEN = `\n${' '.repeat(RUN_INDENT)}"`;
export const RUN_NEXT = `,${RUN_OPEN}`;
/** After the last run's closing quote, the table's close: of a table whose runs take fewer than CHECKSUM_BYTES, */
export const TABLE_CLOSE = '\n          ]\n        }';
/** and of a larger one: the runs' close, then the number of transport addresses, */
export const TOTAL_KEY = '\n          ],\n          "transport-addresses": ';
/** then the key of the checksum, its 40 hex digits, and TABLE_TAIL. */
export const RUNS_DIGEST_KEY = ',\n          "runs-sha1": "';
export const TABLE_TAIL = '"\n        }';
/** What both closes start with. */
export const RUNS_CLOSE = '\n          ]';
/**
 * From how many bytes of runs (some 7,000 runs) a table carries its total and checksum: a smaller
 * table is read whole in about a millisecond, what loading the hash and hashing cost. Bytes, not
 * runs, because a change that reads a window knows the bytes it writes, not how many runs it copied.
 */
export const CHECKSUM_BYTES = 256 * 1024;
export const TABLES_CLOSE = '\n      ]';
export const BIB_KEY = ',\n      "bib": [';
export const NO_BIB_CLOSE = ']\n    }';
export const BIB_OPEN = '\n        "';
export const BIB_NEXT = `",${BIB_OPEN}`;
/** After the last line's closing quote: the checksum's key, then its 40 hex digits, then BIB_TAIL. */
export const BIB_DIGEST_KEY = '\n      ],\n      "bib-sha1": "';
export const BIB_TAIL = '"\n    }';
export const DIGEST_LENGTH = 40;
export const TAIL = '\n  ]\n}\n';

/**
 * Where a table's runs stand in the bytes they were read from: the first run's text starts at
 * start, run i's ends (at its closing quote) at ends[i]. Every run is written as encode() writes
 * it, so any stretch of them can be copied from the bytes.
 *
 * When only a window of the table was read, the runs are those of the window, and outer says
 * where the whole table's runs are: the runs before start and after the last end are in the bytes
 * only, to be copied as they are.
 */
export interface Source {
  readonly bytes: Buffer;
  readonly start: number;
  readonly ends: Uint32Array;
  /** The first run's text start and the last run's closing quote, of the whole table. */
  readonly outer: { readonly start: number; readonly end: number };
  /** From the runs' close to the table's: written back as it is while the table is unchanged. */
  readonly close: Buffer;
}

/** Only for tables whose every run (of the window read) was read exactly as encode() writes it, one to one. */
export const sources = new WeakMap<Runs, Source>();

/** A BIB's bytes as read, from just after BIB_KEY to the end of its instance: written back as they are while it is unchanged. */
export const bibSources = new WeakMap<Bib, Buffer>();
