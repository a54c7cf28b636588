/**
 * Which names and addresses stay on this machine: 127.0.0.0/8, `::1` (also
 * IPv4-mapped), `localhost` and its subdomains (RFC 6761 §6.3: browsers
 * resolve `*.localhost` to loopback themselves, so DNS cannot point them
 * elsewhere).
 */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether `host` — an address to listen on, or the name of a `Host` header
 * without its port — is loopback only. `[::1]` may keep its brackets.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return true;
  }
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
}
