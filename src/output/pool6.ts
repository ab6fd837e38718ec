/**
 * `jool --pool6 --display` (usr/common/target/pool6.c): the seed prints `Prefix` before CSV rows
 * only; 3.5.5 prints it whenever headers are on (version-facts G8). The footer counts "entries".
 */
export function formatPool6(prefixes: readonly string[], csv: boolean, headers: boolean, headerAlways: boolean): string {
  let text = headers && (csv || headerAlways) ? 'Prefix\n' : '';
  for (const p of prefixes) text += `${p}\n`;
  if (!csv && headers) text += prefixes.length > 0 ? `  (Fetched ${prefixes.length} entries.)\n` : '  (empty)\n';
  return text;
}
