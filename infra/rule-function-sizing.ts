/**
 * Memory and timeout of the rule Lambda, sized from `npm run bench` (bench/results.json at eb1a016, 40 ms a call)
 * for the huge size (10,000 VPCs, 200,000 ENIs, 1,000 sessions, 20 targets; verifyTarget and the route check on):
 * - scheduled sweep, mode any: peak RSS 138 MiB, 4.95 s wall, 1.52 s CPU;
 * - scheduled sweep, mode all: peak RSS 175 MiB, 5.57 s wall, 2.18 s CPU (only the source VPCs' instance ENIs).
 * 1024 MB gives 5.8x the largest peak (and room for a region whose every VPC holds a session, where mode all lists
 * every instance ENI: about 305 MiB measured), and about 0.58 vCPU (Lambda allots one vCPU at 1,769 MB), so the CPU
 * part stretches to about 4 s in mode all: an estimated 8 s in all.
 */
export const RULE_FUNCTION_MEMORY_MB = 1024;
/**
 * 300 s: over 30x the estimated huge mode-all sweep, because real EC2 pages of 1,000 ENIs take longer than the bench's
 * 40 ms, and Config invokes the function asynchronously, so a timeout loses a whole evaluation. Lambda allows up to
 * 15 minutes ("Lambda quotas", Function timeout).
 */
export const RULE_FUNCTION_TIMEOUT_SECONDS = 300;
