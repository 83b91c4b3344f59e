import { ipMatches, parseIpList } from './ip-list';

describe('parseIpList / ipMatches', () => {
  it('matches addresses and subnets of both families', () => {
    const list = parseIpList(['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'], 'X');
    expect(ipMatches(list, '203.0.113.7')).toBe(true);
    expect(ipMatches(list, '203.0.113.8')).toBe(false);
    expect(ipMatches(list, '10.255.0.1')).toBe(true);
    expect(ipMatches(list, '11.0.0.1')).toBe(false);
    expect(ipMatches(list, '2001:db8:1::5')).toBe(true);
    expect(ipMatches(list, '2001:db9::5')).toBe(false);
  });

  it('matches an IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d), in any case', () => {
    const list = parseIpList(['10.0.0.0/8'], 'X');
    expect(ipMatches(list, '::ffff:10.1.2.3')).toBe(true);
    expect(ipMatches(list, '::FFFF:10.1.2.3')).toBe(true);
    expect(ipMatches(list, '::ffff:192.0.2.1')).toBe(false);
    // Only the mapped form: another IPv6 address ending in the same digits is not that IPv4 address.
    expect(ipMatches(list, '::10.1.2.3')).toBe(false);
  });

  it('never matches what is not an address', () => {
    const list = parseIpList(['0.0.0.0/0'], 'X');
    expect(ipMatches(list, 'localhost')).toBe(false);
    expect(ipMatches(list, '')).toBe(false);
  });

  it.each([
    ['not-an-ip', /X: "not-an-ip" is not an IP address or CIDR/],
    ['10.0.0.256', /is not an IP address/],
    ['10.0.0.0/33', /X: "10.0.0.0\/33" has an invalid prefix length/],
    ['2001:db8::/129', /invalid prefix length/],
    ['10.0.0.0/', /invalid prefix length/],
    ['10.0.0.0/-1', /invalid prefix length/],
    ['10.0.0.0/8x', /invalid prefix length/],
  ])('refuses %s naming the variable', (entry, message) => {
    expect(() => parseIpList([entry], 'X')).toThrow(message);
  });
});
