/**
 * The EnableVpcTrafficMirroring runbook as data: loaded from ssm-documents/ and bound to a deployment (the Lambda it
 * invokes, the rule it re-evaluates). infra/ deploys the bound document; test/runbook.test.ts checks the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const RUNBOOK_PATH = fileURLToPath(new URL('../ssm-documents/enable-vpc-traffic-mirroring.yaml', import.meta.url));

/** The function name the file holds; a deployment replaces it with its Lambda's ARN. */
export const RUNBOOK_FUNCTION_NAME = 'vpc-mirroring-guard-remediation';
/** The step that invokes the remediation Lambda. */
export const ENABLE_STEP_NAME = 'EnableTrafficMirroring';
/** The step that reads the Lambda's result out of its payload, failing the run when it is not a result. */
export const RESULT_STEP_NAME = 'ReadRemediationResult';
/** The runbook's outputs ("Step.Output", as GetAutomationExecution reports them), by what they tell. */
export const RUNBOOK_OUTPUTS = {
  target: `${RESULT_STEP_NAME}.TrafficMirrorTargetId`,
  filter: `${RESULT_STEP_NAME}.TrafficMirrorFilterId`,
  sessions: `${RESULT_STEP_NAME}.SessionIds`,
  created: `${RESULT_STEP_NAME}.Created`,
  reused: `${RESULT_STEP_NAME}.Reused`,
  skipped: `${RESULT_STEP_NAME}.Skipped`,
} as const;
/** The runbook parameter holding the rule to re-evaluate. */
export const CONFIG_RULE_NAME_PARAMETER = 'ConfigRuleName';

export interface RunbookParameter {
  type: string;
  description?: string;
  default?: unknown;
  allowedPattern?: string;
  allowedValues?: string[];
}

export interface RunbookStep {
  name: string;
  action: string;
  inputs?: Record<string, unknown>;
  outputs?: { Name: string; Selector: string; Type: string }[];
  [key: string]: unknown;
}

export interface RunbookDocument {
  description?: string;
  schemaVersion: string;
  assumeRole?: string;
  parameters: Record<string, RunbookParameter>;
  mainSteps: RunbookStep[];
  outputs?: string[];
}

export function loadRunbook(path = RUNBOOK_PATH): RunbookDocument {
  return parse(readFileSync(path, 'utf8')) as RunbookDocument;
}

export interface RunbookBinding {
  /** Name or ARN of the remediation Lambda (a CDK token at synth time). */
  readonly functionName: string;
  /** The rule the last step re-evaluates by default. */
  readonly configRuleName: string;
}

/** A copy of the runbook pointed at one deployment. Pure: the input document is not changed. */
export function bindRunbook(doc: RunbookDocument, binding: RunbookBinding): RunbookDocument {
  const copy = structuredClone(doc);
  const step = copy.mainSteps.find((s) => s.name === ENABLE_STEP_NAME);
  const parameter = copy.parameters[CONFIG_RULE_NAME_PARAMETER];
  if (!step?.inputs || !parameter) {
    throw new Error(`Runbook has no ${ENABLE_STEP_NAME} step inputs or no ${CONFIG_RULE_NAME_PARAMETER} parameter`);
  }
  step.inputs.FunctionName = binding.functionName;
  parameter.default = binding.configRuleName;
  return copy;
}

/** Actions that call the AWS API named by their Service and Api inputs, with the automation role's credentials. */
const API_CALLING_ACTIONS = new Set(['aws:executeAwsApi', 'aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty']);

/**
 * The EC2 actions the runbook's own steps call as the automation role (`ec2:DescribeVpcs`, ...), sorted: the
 * automation role's EC2 grant is this list, so a step added to the runbook cannot miss its permission.
 */
export function runbookEc2Actions(doc: RunbookDocument): string[] {
  const actions = doc.mainSteps
    .filter((s) => API_CALLING_ACTIONS.has(s.action) && s.inputs?.Service === 'ec2')
    .map((s) => `ec2:${String(s.inputs?.Api)}`);
  return [...new Set(actions)].sort();
}
