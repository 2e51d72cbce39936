/**
 * Memory and timeout of the rule Lambda, in one place so the benchmark figures can be copied in.
 * Sized from bench: <to be filled> (provisional: a scheduled sweep of a large account-region must fit with
 * headroom; Config invokes the function asynchronously, so a timeout costs a whole evaluation).
 */
export const RULE_FUNCTION_MEMORY_MB = 512;
/** Sized from bench: <to be filled>. Lambda allows up to 15 minutes ("Lambda quotas", Function timeout). */
export const RULE_FUNCTION_TIMEOUT_SECONDS = 300;
