/**
 * Memory and timeout of the rule Lambda, sized from `npm run bench` (bench/results.json at 5cb0480, 40 ms a call)
 * for the huge size (10,000 VPCs, 200,000 ENIs, 1,000 sessions):
 * - scheduled sweep, mode any: peak RSS 132 MiB, 4.61 s wall, 0.97 s CPU;
 * - scheduled sweep, mode all: peak RSS 296 MiB, 15.56 s wall, 6.42 s CPU (200 pages of 1,000 ENIs).
 * 1024 MB gives 3.4x the largest peak, and about 0.58 vCPU (Lambda allots one vCPU at 1,769 MB), so the CPU part
 * stretches to about 11 s in mode all: an estimated 20 s in all, against 31 s at 512 MB.
 */
export const RULE_FUNCTION_MEMORY_MB = 1024;
/**
 * 300 s: 15x the estimated huge mode-all sweep, because real EC2 pages of 1,000 ENIs take longer than the bench's
 * 40 ms, and Config invokes the function asynchronously, so a timeout loses a whole evaluation. Lambda allows up to
 * 15 minutes ("Lambda quotas", Function timeout).
 */
export const RULE_FUNCTION_TIMEOUT_SECONDS = 300;
