/**
 * What the command line asks for, whichever dialect it was said in: both front ends (jool3.ts,
 * jool4.ts) turn argv into these, and operations.ts carries them out.
 */
import type { Framework } from '../instance/instances.js';
import type { Entry, Filter, MaxIterations, Protocol } from '../pool4/pool.js';
import type { PortRange } from '../pool4/ports.js';
import type { Prefix } from '../pool4/addresses.js';
import type { Transport4, Transport6 } from '../formats/values.js';
import type { GlobalValue } from '../global/globals.js';
import type { Jool3Answer, Jool4Release } from '../releases/releases.js';

export interface Common {
  readonly state: string;
  readonly lockTimeoutMs: number;
  /** The Jool 4 release the command answers as (JOOL_VERSION, --jool-version; 4.1.15 unless named). */
  readonly release: Jool4Release;
  /** The Jool 3 release the Jool 3 syntax answers as (a 3.5 JOOL_VERSION); undefined is the seed page. */
  readonly jool3?: Jool3Answer;
  /** From JOOL_HOST_ADDRESSES; undefined means this host's (the empty-pool4 fallback of the BIB). */
  readonly hostAddresses?: readonly number[];
}

/** Requests on one instance's pool. */
export interface OnInstance extends Common {
  readonly instance: string;
}

export type Dialect = 'jool3' | 'jool4';

/** Jool 3's rows, our CSV, --table, --json; Jool 4's table and CSV. */
export type DisplayFormat = 'tabs' | 'csv' | 'table' | 'json' | 'jool4' | 'jool4-csv';

export interface DisplayRequest extends OnInstance {
  readonly operation: 'display';
  readonly format: DisplayFormat;
  readonly filter: Filter;
  /** Jool 4's --no-headers. */
  readonly headers?: false;
  /** --json --all: the whole instance as a Jool 4 configuration. */
  readonly all?: true;
}
export interface CountRequest extends OnInstance {
  readonly operation: 'count';
}
export interface AddRequest extends OnInstance {
  readonly operation: 'add';
  readonly dialect: Dialect;
  readonly entry: Entry;
  readonly force: boolean;
  /** From JOOL_EPHEMERAL_RANGE; undefined means the host's (Jool 4 dialect only). */
  readonly ephemeral?: PortRange;
}
export interface RemoveRequest extends OnInstance {
  readonly operation: 'remove';
  readonly entry: Entry;
  /** Jool 4's remove also takes the range out of the mark-less tree (pool4/holes.ts). */
  readonly dialect: Dialect;
  /** The BIB tables the remove cascades into unless --quick: Jool 3 all three, Jool 4 the request's. */
  readonly cascade: readonly Protocol[];
  readonly quick: boolean;
}
export interface FlushRequest extends OnInstance {
  readonly operation: 'flush';
  readonly quick: boolean;
}
export interface BibDisplayRequest extends OnInstance {
  readonly operation: 'bib-display';
  readonly dialect: Dialect;
  /** In the order they are shown. */
  readonly protocols: readonly Protocol[];
  readonly numeric: boolean;
  readonly csv: boolean;
  /** Jool 4's --no-headers. */
  readonly headers: boolean;
}
export interface BibCountRequest extends OnInstance {
  readonly operation: 'bib-count';
  readonly protocols: readonly Protocol[];
}
export interface BibAddRequest extends OnInstance {
  readonly operation: 'bib-add';
  readonly dialect: Dialect;
  readonly protocols: readonly Protocol[];
  readonly taddr4: Transport4;
  readonly taddr6: Transport6;
}
export interface BibRemoveRequest extends OnInstance {
  readonly operation: 'bib-remove';
  readonly dialect: Dialect;
  readonly protocols: readonly Protocol[];
  readonly taddr4?: Transport4;
  readonly taddr6?: Transport6;
}
export interface SessionDisplayRequest extends OnInstance {
  readonly operation: 'session-display';
  readonly dialect: Dialect;
  readonly protocols: readonly Protocol[];
  readonly csv: boolean;
  readonly headers: boolean;
}
export interface SessionCountRequest extends OnInstance {
  readonly operation: 'session-count';
  readonly protocols: readonly Protocol[];
}
/** Jool 3.5.5's `--pool4 --update`: the selected tables' max iterations (undefined: unchanged). */
export interface Pool4UpdateRequest extends OnInstance {
  readonly operation: 'pool4-update';
  readonly mark: number;
  readonly protocols: readonly Protocol[];
  readonly iterations?: MaxIterations;
}
/** Jool 3's `--pool6`, on the instance's one prefix. */
export interface Pool6DisplayRequest extends OnInstance {
  readonly operation: 'pool6-display';
  readonly csv: boolean;
  readonly headers: boolean;
}
export interface Pool6CountRequest extends OnInstance {
  readonly operation: 'pool6-count';
}
export interface Pool6AddRequest extends OnInstance {
  readonly operation: 'pool6-add';
  /** As given, for the kernel's rules to judge. */
  readonly prefix: string;
  readonly force: boolean;
}
export interface Pool6RemoveRequest extends OnInstance {
  readonly operation: 'pool6-remove';
  readonly prefix: string;
  readonly quick: boolean;
}
export interface Pool6FlushRequest extends OnInstance {
  readonly operation: 'pool6-flush';
  readonly quick: boolean;
}
/** Jool 3's `--global`. */
export interface Jool3GlobalDisplayRequest extends OnInstance {
  readonly operation: 'jool3-global-display';
  readonly csv: boolean;
  readonly headers: boolean;
}
export interface Jool3GlobalUpdateRequest extends OnInstance {
  readonly operation: 'jool3-global-update';
  /** The state's key (jool3-globals.ts), or allow-atomic-fragments, which sets four. */
  readonly key: string;
  readonly value: GlobalValue;
  /** The flag and value as given, for messages. */
  readonly shown: string;
}
export interface CheckRequest extends OnInstance {
  readonly operation: 'check';
  /** From --ephemeral-range; undefined means the host's (/proc). */
  readonly ephemeral?: PortRange;
  /** Files of the firewall's marks (--marks), in the order given; '-' is standard input. */
  readonly marks: readonly string[];
}

/** --lookup: one transport address, or a file of them. */
export interface LookupRequest extends OnInstance {
  readonly operation: 'lookup';
  readonly query: { readonly address: number; readonly port?: number } | { readonly source: string };
  /** From the protocol flags; undefined: each line's, else all three. */
  readonly protocols?: readonly Protocol[];
  readonly marks: readonly string[];
  readonly format: 'text' | 'csv' | 'json';
}

/** --generate: a per-customer pool over a prefix. */
export interface GenerateRequest extends OnInstance {
  readonly operation: 'generate';
  readonly prefix: Prefix;
  readonly ports: PortRange;
  readonly protocols: readonly Protocol[];
  readonly customers?: { readonly prefix: string; readonly subLength: number; readonly offset: number };
  readonly marks: readonly string[];
  readonly output: 'plan' | 'json' | 'rules';
  readonly syntax: 'jool3' | 'jool4';
  readonly ephemeral?: PortRange;
}
export interface ImportRequest extends OnInstance {
  readonly operation: 'import';
  /** A file name, or '-' for standard input. */
  readonly source: string;
  readonly replace: boolean;
}
export interface PlanRequest extends OnInstance {
  readonly operation: 'plan';
  /** A file name, or '-' for standard input: what --import reads, or a state file. */
  readonly source: string;
  readonly syntax: 'jool3' | 'jool4';
  /** From --ephemeral-range; undefined means the host's (Jool 4 syntax only). */
  readonly ephemeral?: PortRange;
}
export interface InstanceDisplayRequest extends Common {
  readonly operation: 'instance-display';
  readonly csv: boolean;
  readonly headers: boolean;
}
export interface InstanceAddRequest extends Common {
  readonly operation: 'instance-add';
  readonly name: string;
  readonly framework: Framework;
  readonly pool6: string;
}
export interface InstanceRemoveRequest extends Common {
  readonly operation: 'instance-remove';
  readonly name: string;
}
export interface InstanceFlushRequest extends Common {
  readonly operation: 'instance-flush';
}
export interface InstanceStatusRequest extends Common {
  readonly operation: 'instance-status';
  readonly name: string;
}
export interface GlobalDisplayRequest extends OnInstance {
  readonly operation: 'global-display';
  readonly csv: boolean;
  readonly headers: boolean;
}
export interface GlobalUpdateRequest extends OnInstance {
  readonly operation: 'global-update';
  /** A key of GLOBALS, in full. */
  readonly key: string;
  readonly value: GlobalValue;
  /** The value as given, for messages. */
  readonly shown: string;
  readonly force: boolean;
}
export interface StatsDisplayRequest extends OnInstance {
  readonly operation: 'stats-display';
  readonly all: boolean;
  readonly explain: boolean;
  readonly csv: boolean;
  readonly headers: boolean;
}
/** `file handle` applies the file; `file check` says whether it would, and every reason why not. */
export interface FileHandleRequest extends Common {
  readonly operation: 'file-handle' | 'file-check';
  readonly file: string;
  /** From -i or -f, which the file's "instance" must match. */
  readonly instance?: string;
  readonly force: boolean;
  readonly ephemeral?: PortRange;
}

export type Request =
  | DisplayRequest
  | CountRequest
  | AddRequest
  | RemoveRequest
  | FlushRequest
  | CheckRequest
  | Pool4UpdateRequest
  | Pool6DisplayRequest
  | Pool6CountRequest
  | Pool6AddRequest
  | Pool6RemoveRequest
  | Pool6FlushRequest
  | Jool3GlobalDisplayRequest
  | Jool3GlobalUpdateRequest
  | ImportRequest
  | PlanRequest
  | LookupRequest
  | GenerateRequest
  | InstanceDisplayRequest
  | InstanceAddRequest
  | InstanceRemoveRequest
  | InstanceFlushRequest
  | InstanceStatusRequest
  | FileHandleRequest
  | BibDisplayRequest
  | BibCountRequest
  | BibAddRequest
  | BibRemoveRequest
  | SessionDisplayRequest
  | SessionCountRequest
  | GlobalDisplayRequest
  | GlobalUpdateRequest
  | StatsDisplayRequest
  | { readonly operation: 'help' }
  | { readonly operation: 'version'; readonly release: Jool4Release; readonly jool3?: Jool3Answer }
  | { readonly operation: 'completion'; readonly shell: 'bash' };

export interface Environment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export type { Protocol };
