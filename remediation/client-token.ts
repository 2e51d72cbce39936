/**
 * Deterministic EC2 ClientTokens. The same request parts always give the same token, so a create that is retried
 * (SDK retry after a lost response, a re-invoked Lambda, two runs at once) returns the resource the first attempt
 * made instead of a duplicate ("Ensuring idempotency in Amazon EC2 API requests"). EC2 accepts up to 64 ASCII
 * characters; parts that differ give different tokens, so changed parameters never hit IdempotentParameterMismatch.
 */
import { createHash } from 'node:crypto';

const PREFIX = 'vmg-';
/** 40 hex characters of SHA-256: 160 bits, far from any collision, and 44 characters with the prefix. */
const HASH_CHARS = 40;

export function clientToken(...parts: readonly (string | number | boolean | undefined)[]): string {
  const canonical = JSON.stringify(parts.map((p) => (p === undefined ? null : p)));
  return PREFIX + createHash('sha256').update(canonical).digest('hex').slice(0, HASH_CHARS);
}
