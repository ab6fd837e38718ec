// Preloaded with `node --require` to report the process's peak RSS (bytes) into $BENCH_RSS_FILE.
'use strict';
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
