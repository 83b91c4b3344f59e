import { BlockList, isIP } from 'node:net';

/** IPs and CIDRs ("203.0.113.7", "10.0.0.0/8", "2001:db8::/32") as a matcher; throws naming `variable` on a bad entry. */
export function parseIpList(entries: string[], variable: string): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`${variable}: "${entry}" is not an IP address or CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 6 ? 128 : 32)) {
        throw new Error(`${variable}: "${entry}" has an invalid prefix length`);
      }
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/** Matches "::ffff:1.2.3.4" (IPv4 seen through an IPv6 socket) as 1.2.3.4 too. */
export function ipMatches(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return list.check(mapped[1], 'ipv4') || list.check(ip, 'ipv6');
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}
