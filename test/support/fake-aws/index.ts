/**
 * A local fake AWS endpoint for tests and benchmarks: EC2, Config and STS over their real wire protocols,
 * so the real AWS SDK (paginators, retries, error parsing) runs unmodified against it.
 *
 * @example
 * ```ts
 * const fake = await startFakeAws({ regions: { 'us-east-1': generateInventory({ vpcs: 10, networkInterfaces: 50, sessions: 3 }) } });
 * Object.assign(process.env, fake.env('us-east-1'));   // AWS_ENDPOINT_URL_EC2 etc.
 * const token = fake.resultToken('my-rule');            // put it in the Config event
 * // ... run the code under test ...
 * expect(fake.evaluations('us-east-1')).toEqual([...]);
 * expect(fake.callCounts({ service: 'ec2' })).toEqual({ DescribeVpcs: 1, ... });
 * fake.failNext('DescribeVpcs', { code: 'RequestLimitExceeded', status: 503 });
 * await fake.close();
 * ```
 *
 * Fidelity: every element and field name comes from the SDK's own schemas (see wire-codec.ts); EC2 applies
 * MaxResults 5-1000, 200 values per filter, documented filter names only, IDs + MaxResults rejected,
 * NotFound codes for unknown IDs, ClientToken idempotency; Config applies 100 evaluations per put,
 * 256-character annotations, Limit ≤ 100 (default 10); STS hands out credentials the fake recognises.
 */
export { FakeAws, startFakeAws } from './server';
export { FakeAwsError } from './errors';
export { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from './sts';
export { MAX_FILTER_VALUES, MAX_MAX_RESULTS, MIN_MAX_RESULTS } from './ec2-describe';
export { MAX_SESSIONS_PER_SOURCE_ENI, newEc2Id } from './ec2';
export {
  DEFAULT_COMPLIANCE_DETAILS_LIMIT,
  MAX_ANNOTATION_LENGTH,
  MAX_COMPLIANCE_DETAILS_LIMIT,
  MAX_EVALUATIONS_PER_PUT,
} from './config-service';
export type * from './types';
export { MAX_REMEDIATION_RESOURCE_KEYS, MAX_REMEDIATION_STATUS_LIMIT } from './config-setup';
export type { FakeConfigSetup, FakeRemediationFailure } from './config-setup';
export type { FakeAutomationExecution, FakeAutomationOutcome, FakeDocumentStatus } from './ssm';
