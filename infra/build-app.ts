/**
 * Builds the CDK app: its stacks from the context, and the checks every synth runs (guardrails.ts: cdk-nag's
 * AwsSolutions pack and every AWS Control Tower proactive control over every template; any unacknowledged finding
 * fails the synth). Used by app.ts (the CDK CLI's entry),
 * synth.ts (`npm run synth`) and the tests, so all three synthesize the same thing.
 */
import { App } from 'aws-cdk-lib';
import { appConfigFromContext } from './app-config';
import type { ConformancePackOptions } from './conformance-pack';
import { addGuardrails } from './guardrails';
import { organizationConfigFromContext } from './organization-config';
import { VpcMirroringGuardOrganizationStack } from './organization-stack';
import type { VpcMirroringGuardStackProps } from './stack';
import { VpcMirroringGuardStack } from './stack';

export const SINGLE_ACCOUNT_STACK_NAME = 'VpcMirroringGuard';
export const ORGANIZATION_STACK_NAME = 'VpcMirroringGuardOrganization';

export interface BuildAppOptions {
  /** Where the cloud assembly goes. @default - CDK_OUTDIR (set by the CDK CLI), else a temporary directory */
  readonly outdir?: string;
  /** Context values, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  /** Props of the single-account stack; given, they replace what the context says. */
  readonly stackProps?: VpcMirroringGuardStackProps;
}

export interface GuardApp {
  readonly app: App;
  readonly singleAccountStack: VpcMirroringGuardStack;
  /** The organization's central stack, when the context names an organization (-c organizationId=o-...). */
  readonly organizationStack?: VpcMirroringGuardOrganizationStack;
  /** How the conformance pack is built from the synthesized single-account template (synth.ts writes it). */
  readonly conformancePack: Omit<ConformancePackOptions, 'singleAccountTemplate'>;
  /** What every synth of this app checks, for the synth summary. */
  readonly validations: readonly string[];
}

/**
 * CloudFormation schema errors (a description over its length limit, a missing required property) would fail
 * the deploy; this makes CDK's built-in template validation fail the synth instead of warning.
 */
const STRICT_TEMPLATE_VALIDATION = { '@aws-cdk/core:validateAgainstDefaultRules': true };

export function buildApp(options: BuildAppOptions = {}): GuardApp {
  const app = new App({
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
    postCliContext: STRICT_TEMPLATE_VALIDATION,
  });
  const stackProps = options.stackProps ?? appConfigFromContext((key) => app.node.tryGetContext(key));
  const singleAccountStack = new VpcMirroringGuardStack(app, SINGLE_ACCOUNT_STACK_NAME, stackProps);
  const organization = organizationConfigFromContext((key) => app.node.tryGetContext(key));
  // Member accounts may be mirrored only to the shared target the app remediates with (remediationTarget=tmt-...).
  const target = stackProps.remediation?.target;
  const organizationStack = organization.stackProps
    ? new VpcMirroringGuardOrganizationStack(app, ORGANIZATION_STACK_NAME, {
        ...organization.stackProps,
        ...(target && 'trafficMirrorTargetId' in target ? { remediationTargetIds: [target.trafficMirrorTargetId] } : {}),
        // The same guardrails as the single-account stack: functions in the given subnets, logs under the given key.
        ...(stackProps.existingNetwork ? { existingNetwork: stackProps.existingNetwork } : {}),
        ...(stackProps.logEncryptionKeyArn ? { logEncryptionKeyArn: stackProps.logEncryptionKeyArn } : {}),
      })
    : undefined;
  return {
    app,
    singleAccountStack,
    ...(organizationStack ? { organizationStack } : {}),
    conformancePack: {
      executionRoleName: organization.executionRoleName,
      ...(stackProps.remediation ? { remediation: stackProps.remediation } : {}),
    },
    validations: ['CloudFormation schema (CDK built-in)', ...addGuardrails(app)],
  };
}
