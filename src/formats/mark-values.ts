/** Marks as text: as firewalls write them (iptables' strtoul base 0: 0x1f, 017, 31; nft's 0x0000001f), and as Jool's file handle reads them. */

/** The mark, or undefined when text is not one number of 0 to 4294967295. */
export function parseMarkNumber(text: string): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]{1,8}$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) v = parseInt(text.slice(1), 8);
  else if (/^(0|[1-9][0-9]{0,9})$/.test(text)) v = Number(text);
  else return undefined;
  return v <= 0xffffffff ? v : undefined;
}

/**
 * The largest mark Jool's file handle reads as written: json2mark() (src/usr/nl/file.c) takes
 * cJSON's valueint, which its bundled cJSON (every 4.1 tag) leaves 0 past INT_MAX.
 */
export const MAX_VALUEINT = 0x7fffffff;

/**
 * What Jool's file handle makes of a number this program refuses (a fraction): cJSON truncates it,
 * and a mark is its valueint (0 past MAX_VALUEINT). '' when v is no such number.
 */
export function cjsonReads(v: unknown, max: number, isMark: boolean): string {
  if (typeof v !== 'number' || v < 0 || v > max) return '';
  const read = isMark && v > MAX_VALUEINT ? 0 : Math.trunc(v);
  return isMark ? `; Jool's cJSON would read it as mark ${read}` : ` (Jool's cJSON would read it as ${read})`;
}
