/**
 * Deterministic EC2 ClientTokens. The same parts always give the same token, so within one run a create that is
 * repeated (an SDK retry after a lost response, a re-invoked Lambda) returns the resource the first attempt made
 * instead of a duplicate ("Ensuring idempotency in Amazon EC2 API requests"). EC2 accepts up to 64 ASCII
 * characters; parts that differ give different tokens, so changed parameters never hit IdempotentParameterMismatch.
 *
 * Why the parts include the run ID (the Automation execution ID): EC2 answers a repeated token with "the result of
 * the original request" for at least 24 hours, even when that resource has since been deleted. A run that rolled
 * back deleted what it created; a later run with the same tokens would be handed those deleted IDs (a session that
 * does not exist, reported as created). Scoping tokens to the run keeps retries idempotent and later runs fresh;
 * a second run still creates nothing, because the planner reuses what it finds before creating anything.
 */
import { createHash } from 'node:crypto';

const PREFIX = 'vmg-';
/** 40 hex characters of SHA-256: 160 bits, far from any collision, and 44 characters with the prefix. */
const HASH_CHARS = 40;

export function clientToken(...parts: readonly (string | number | boolean | undefined)[]): string {
  const canonical = JSON.stringify(parts.map((p) => (p === undefined ? null : p)));
  return PREFIX + createHash('sha256').update(canonical).digest('hex').slice(0, HASH_CHARS);
}
