/**
 * IPv4 arithmetic for the network checks (security groups, network ACLs, route tables). Pure, no I/O; the rule and
 * the remediation both import it, so their verdicts on an address can never disagree.
 */

/** Parses dotted IPv4 into a 32-bit unsigned number; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Is `ip` inside the IPv4 CIDR block? A malformed block contains nothing. */
export function ipv4CidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText, ...rest] = cidr.split('/');
  if (base === undefined || bitsText === undefined || rest.length > 0 || !/^\d{1,2}$/.test(bitsText)) return false;
  const bits = Number(bitsText);
  const network = parseIpv4(base);
  const address = parseIpv4(ip);
  if (bits > 32 || network === undefined || address === undefined) return false;
  if (bits === 0) return true;
  const size = 2 ** (32 - bits);
  return Math.floor(network / size) === Math.floor(address / size);
}
