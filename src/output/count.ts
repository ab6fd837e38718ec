/** --count's three lines. */
import type { Counts } from '../pool4/pool.js';

export function formatCounts(c: Counts): string {
  return `tables: ${c.tables}\nsamples: ${c.samples}\ntransport addresses: ${c.transportAddresses}\n`;
}
