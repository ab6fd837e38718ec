// `file handle`'s baseline: plain Node that reads the configuration file, parses it with
// JSON.parse, and writes a file of the given size atomically (a temporary file, fsync, rename),
// as jool writes its state. Usage: node plain-file-handle.cjs <config.json> <out> <bytes>
'use strict';
const { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } = require('node:fs');
const [config, out, bytes] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(config, 'utf8'));
if (doc.pool4.length === 0) process.exit(1);
const fd = openSync(`${out}.tmp`, 'w');
writeSync(fd, Buffer.alloc(Number(bytes), 0x20));
fsyncSync(fd);
closeSync(fd);
renameSync(`${out}.tmp`, out);
