import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadValue, parseMark, parsePortRange, parsePrefix, parsePrefixWithIpAddress } from '../../src/formats/values';

describe('parseMark', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['4294967295', 4294967295],
  ])('reads %s', (text, value) => expect(parseMark(text)).toBe(value));
  it.each(['', '-1', '+5', '1e3', '0x10', '4294967296', '1.0', ' 1', '１', '99999999999999999999'])('refuses %j, quoting it', (text) => {
    expect(() => parseMark(text)).toThrow(BadValue);
    expect(() => parseMark(text)).toThrow(`'${text}'`);
  });
});

describe('parsePortRange', () => {
  it.each([
    ['80', [80, 80]],
    ['0', [0, 0]],
    ['7000-7999', [7000, 7999]],
    ['7999-7000', [7000, 7999]],
    ['0-65535', [0, 65535]],
  ])('reads %s', (text, value) => expect(parsePortRange(text)).toEqual(value));
  it.each(['', '-', '5-', '-5', '1-2-3', '65536', '0-65536', '1e3', '0x10', '+5', ' 5', '٥', 'a-b', '1,2'])('refuses %j, quoting it', (text) => {
    expect(() => parsePortRange(text)).toThrow(BadValue);
    expect(() => parsePortRange(text)).toThrow(`'${text}'`);
  });
});

describe('parsePrefix', () => {
  it.each([
    ['192.0.2.1', 0xc0000201, 32],
    ['192.0.2.0/24', 0xc0000200, 24],
    ['0.0.0.0/0', 0, 0],
    ['255.255.255.255', 0xffffffff, 32],
    ['10.0.0.0/8', 0x0a000000, 8],
  ])('reads %s', (text, address, length) => expect(parsePrefix(text)).toEqual({ address, length }));
  it.each([
    '192.0.2',
    '192.0.2.1.5',
    '010.0.0.1',
    '192.0.2.01',
    '256.0.0.1',
    '192.0.2.1/33',
    '192.0.2.1/',
    '192.0.2.0/024',
    '192.0.2.0/-1',
    '',
    '.',
    ' 192.0.2.1',
    '١٩٢.0.2.1',
    '0x1.0.0.1',
    '192.0.2.1/24x',
  ])('refuses %j, quoting it', (text) => {
    expect(() => parsePrefix(text)).toThrow(BadValue);
    expect(() => parsePrefix(text)).toThrow(`'${text}'`);
  });
  it('refuses bits set past the length and names the prefix meant', () => {
    expect(() => parsePrefix('192.0.2.1/24')).toThrow("'192.0.2.1/24' has bits set past its length /24: did you mean 192.0.2.0/24?");
  });
});

describe('the plain prefix form, read without ip-address', () => {
  // parsePrefix reads a.b.c.d[/len] itself: it must read every such text as ip-address does.
  const outcome = (parse: (t: string) => unknown, text: string) => {
    try {
      return parse(text);
    } catch (e) {
      return (e as Error).message;
    }
  };
  it('agrees with ip-address on random texts of digits, dots and slashes', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '256', ''));
    const text = fc.oneof(
      fc
        .tuple(octet, octet, octet, octet, fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('00', '08', '')), { nil: undefined }))
        .map(([a, b, c, d, len]) => `${a}.${b}.${c}.${d}${len === undefined ? '' : `/${len}`}`),
      fc.stringMatching(/^[0-9./]{1,20}$/),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(parsePrefix, t)).toEqual(outcome(parsePrefixWithIpAddress, t));
      }),
      { numRuns: 5000 },
    );
  });
});
