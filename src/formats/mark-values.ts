/** Numbers as firewalls write marks: iptables' strtoul base 0 (0x1f, 017, 31), nft's 0x0000001f. */

/** The mark, or undefined when text is not one number of 0 to 4294967295. */
export function parseMarkNumber(text: string): number | undefined {
  let v: number;
  if (/^0[xX][0-9a-fA-F]{1,8}$/.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) v = parseInt(text.slice(1), 8);
  else if (/^(0|[1-9][0-9]{0,9})$/.test(text)) v = Number(text);
  else return undefined;
  return v <= 0xffffffff ? v : undefined;
}
