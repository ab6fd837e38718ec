/**
 * The state file's layout, version 4, as encode() writes it and read-layout.ts reads it back in
 * place. One set of pieces for both, so that they cannot disagree.
 *
 *   {
 *     "format": "jool-pool4-state",
 *     "version": 4,
 *     "instances": [
 *       {
 *         "name": "default",
 *         "chunks": [
 *           "3 118 2 2 10070 192.0.2.1-192.0.2.100 12bed3d0"
 *         ],
 *         "runs": [
 *           "UDP 0 max-iterations 5000 counter 4535",
 *           "UDP 0 192.0.2.100 61001-65535",
 *           "TCP 0 192.0.2.1 60001-65535"
 *         ],
 *         "bib": [
 *           "TCP 192.0.2.1#60080 2001:db8::1#80"
 *         ],
 *         "bib-sha1": "<40 hex digits>"
 *       }
 *     ]
 *   }
 *
 * An instance may also have "framework", "pool6", "globals" and "pool4-holes" between "name" and
 * "chunks", each on one line.
 *
 * "runs" is the instance's whole pool4, one line per run (run-lines.ts), sorted the way Jool's
 * trees are searched: by protocol (ICMP, UDP, TCP), then mark, then address. So one mark's table,
 * or one protocol's tables, is a stretch of lines that a binary search over the bytes finds
 * without reading the rest, as Jool finds a table in its tree. A table whose max iterations are
 * not "auto", or whose counter is not its number of transport addresses, starts with a line of
 * its settings; most tables need none.
 *
 * "chunks" cuts the runs into stretches of CHUNK_RUNS lines on average (chunks.ts says where), in
 * order, and says of each:
 * its lines, its bytes (from the first line's opening quote to the last one's closing quote), the
 * tables that start in it, its samples and transport addresses, the lowest and highest address of
 * its runs, and a CRC-32 of that entry's text before the CRC and of the chunk's bytes. A command
 * about one mark reads and checks the chunks it touches, and copies the others as bytes; --count
 * adds up the entries once every CRC matches. A chunk whose CRC does not match (a hand edit) sends
 * the whole file to the validating reader (read-json.ts), which ignores "chunks" (they are derived)
 * and checks every line; the next write makes them anew.
 */
import type { Bib } from '../bib/bib.js';

export const FORMAT = 'jool-pool4-state';
export const VERSION = 4;

export const HEAD = `{\n  "format": "${FORMAT}",\n  "version": ${VERSION},\n  "instances": [`;
export const EMPTY_TAIL = ']\n}\n';
export const INSTANCE_OPEN = '\n    {\n      "name": ';
export const FRAMEWORK_KEY = ',\n      "framework": ';
export const POOL6_KEY = ',\n      "pool6": ';
export const GLOBALS_KEY = ',\n      "globals": ';
export const HOLES_KEY = ',\n      "pool4-holes": ';
export const CHUNKS_KEY = ',\n      "chunks": [';
export const RUNS_KEY = ',\n      "runs": [';
/** Before the first line of a list, and between two (after the closing quote of the one before). */
export const LINE_OPEN = '\n        "';
export const LINE_NEXT = `",${LINE_OPEN}`;
/** After a list's last closing quote; an empty list is `[]`. */
export const LIST_CLOSE = '\n      ]';
export const EMPTY_LIST_CLOSE = ']';
export const BIB_KEY = ',\n      "bib": [';
export const NO_BIB_CLOSE = ']\n    }';
/** After the last BIB line's closing quote: the checksum's key, then its 40 hex digits, then BIB_TAIL. */
export const BIB_DIGEST_KEY = '\n      ],\n      "bib-sha1": "';
export const BIB_TAIL = '"\n    }';
export const DIGEST_LENGTH = 40;
export const TAIL = '\n  ]\n}\n';

/** The lines a chunk holds on average (a power of two): what a command about one mark reads at least. */
export const CHUNK_RUNS = 1024;

/** A BIB's bytes as read, from just after BIB_KEY to the end of its instance: written back as they are while it is unchanged. */
export const bibSources = new WeakMap<Bib, Buffer>();
