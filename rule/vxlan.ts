/** A traffic mirror session carries VXLAN (RFC 7348) to its target on this UDP port ("Traffic mirror targets"). */
export const VXLAN_UDP_PORT = 4789;
/** IANA protocol number of UDP, as security groups and network ACLs may name it. */
export const UDP_PROTOCOL_NUMBER = '17';
