/**
 * The checks every synth runs, as CDK policy-validation plugins (any failing, unacknowledged rule fails the synth):
 * - cdk-nag's AwsSolutions pack;
 * - every AWS Control Tower proactive control, as the cfn-guard rules shipped (with the cfn-guard binary) in
 *   @cdklabs/cdk-validator-cfnguard, run offline over EVERY CloudFormation template of the cloud assembly: the
 *   stacks, and also templates that are not stack artifacts (nested stack templates, a StackSet's member
 *   template), found by their `.template.json` name anywhere in the assembly directory.
 *
 * Acknowledgements live next to the resources they concern, through `Validations.of(resource).acknowledge()`,
 * each with a reason. (The Control Tower guard rules do not read cfn-guard's `Metadata.guard.SuppressedRules`:
 * checked with the bundled cfn-guard 3.1.1, a resource carrying it still fails, so CDK's acknowledgement is the
 * suppression these rules honour.)
 *
 * This module is the package's `vpc-mirroring-guard/guardrails` subpath: cdk-nag and
 * @cdklabs/cdk-validator-cfnguard are optional peer dependencies, loaded only by apps that import it. The
 * acknowledgements the constructs make live in acknowledgements.ts, which needs neither.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export { acknowledgeControlTowerRule, CFN_GUARD_PLUGIN_NAME, controlTowerRuleId } from './acknowledgements';

/** Every `*.template.json` below the cloud assembly directory (nested assemblies and asset directories included). */
export function templatesInAssembly(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...templatesInAssembly(path));
    else if (name.endsWith('.template.json')) found.push(path);
  }
  return found;
}

/** CfnGuardValidator over the stack templates CDK hands it plus every other template in the assembly. */
export class EveryTemplateCfnGuardValidator implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];
  private readonly guard = new CfnGuardValidator();

  constructor() {
    this.name = this.guard.name;
    this.version = this.guard.version;
    this.ruleIds = this.guard.ruleIds;
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const assemblyDir = App.isApp(context.appConstruct) ? context.appConstruct.outdir : undefined;
    const templatePaths = [
      ...new Set([...context.templatePaths, ...(assemblyDir ? templatesInAssembly(assemblyDir) : [])].map((p) => resolve(p))),
    ];
    const report = this.guard.validate({ ...context, templatePaths });
    // CfnGuardValidator leaves severity unset. CDK recomputes a report's success after applying acknowledgements
    // as "no error or fatal violation left", so an unacknowledged violation without severity would pass the synth.
    return {
      ...report,
      violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })),
    };
  }
}

/** Registers both plugins on the app; returns what the synth summary reports as checked. */
export function addGuardrails(app: App): string[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new EveryTemplateCfnGuardValidator());
  return ['cdk-nag AwsSolutions', 'AWS Control Tower proactive controls (cfn-guard, every template)'];
}
