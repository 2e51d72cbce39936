/**
 * How a resource acknowledges an AWS Control Tower control it deliberately does not meet. Only CDK's
 * `Validations`: the constructs call this on every synth, in consumers' apps too, so it must not load the guardrail
 * tooling (cdk-nag, cfn-guard), which stays opt-in (guardrails.ts, the package's `vpc-mirroring-guard/guardrails`).
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The name CfnGuardValidator reports under; acknowledgements are namespaced by it. */
export const CFN_GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

/** The acknowledgement ID of a Control Tower guard rule, by its guard rule name (e.g. `lambda_inside_vpc_check`). */
export function controlTowerRuleId(guardRuleName: string): string {
  return `${CFN_GUARD_PLUGIN_NAME}::${guardRuleName}`;
}

/** Acknowledges a Control Tower control on one resource, with the reason a reviewer reads. */
export function acknowledgeControlTowerRule(resource: IConstruct, control: string, guardRuleName: string, reason: string): void {
  Validations.of(resource).acknowledge({ id: controlTowerRuleId(guardRuleName), reason: `${control}: ${reason}` });
}
