/**
 * Child process of the benchmark: runs the manual audit procedure (bench/manual-audit.ts) with the rule's own
 * EC2 client settings against the fake endpoint named in its environment, timing each phase separately so the
 * parent can extrapolate from a sample.
 */
import { ApiCallCounter, createEc2Client } from '../rule/aws-clients';
import { auditVpcManually, evenSample, listVpcIdsManually } from './manual-audit';
import type { ManualAuditRequest, ManualAuditResult, PhaseMeasure } from './protocol';
import { serveOneRequest } from './protocol';

const counter = new ApiCallCounter();
const ec2 = createEc2Client({ callCounter: counter });

async function measure<T>(work: () => Promise<T>): Promise<PhaseMeasure & { value: T }> {
  counter.reset();
  const start = performance.now();
  const value = await work();
  return { value, wallMs: performance.now() - start, calls: counter.total, callsByOperation: counter.byOperation() };
}

serveOneRequest<ManualAuditRequest, ManualAuditResult>(async ({ sampleVpcs, singleVpcIds }) => {
  const { value: vpcIds, ...listing } = await measure(() => listVpcIdsManually(ec2));
  const audited = evenSample(vpcIds, sampleVpcs);
  const { value: mirrored, ...perVpc } = await measure(async () => {
    let count = 0;
    for (const vpcId of audited) if (await auditVpcManually(ec2, vpcId)) count++;
    return count;
  });
  const singleVpcs: ManualAuditResult['singleVpcs'] = {};
  for (const vpcId of singleVpcIds) {
    const { value: single, ...measures } = await measure(async () => {
      const [found] = await listVpcIdsManually(ec2, [vpcId]);
      return found !== undefined && (await auditVpcManually(ec2, found));
    });
    singleVpcs[vpcId] = { ...measures, mirrored: single };
  }
  return {
    listing: { ...listing, vpcs: vpcIds.length },
    perVpc: { ...perVpc, auditedVpcs: audited.length, mirroredVpcs: mirrored },
    singleVpcs,
  };
});
