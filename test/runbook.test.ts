/**
 * The EnableVpcTrafficMirroring runbook file, checked the way SSM would read it: valid YAML, schema 0.3, only
 * actions SSM Automation has, every {{ }} reference resolvable, every aws:executeAwsApi call an existing operation
 * with its real parameter names (checked against the AWS SDK's own operation schemas), and a payload the
 * remediation Lambda accepts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as configService from '@aws-sdk/client-config-service';
import * as ec2 from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  REQUEST_DEFAULTS,
  REQUEST_PATTERNS,
  RUNBOOK_PARAMETER_OF,
  RUNBOOK_VARIABLE_OF,
  SOURCE_SELECTIONS,
  parseRemediationRequest,
  remediationRequestSchema,
} from '../remediation/request';
import type { RemediationResult } from '../remediation';
import type { RunbookDocument, RunbookStep } from '../remediation/runbook';
import {
  CONFIG_RULE_NAME_PARAMETER,
  ENABLE_STEP_NAME,
  RESULT_STEP_NAME,
  RUNBOOK_FUNCTION_NAME,
  RUNBOOK_OUTPUTS,
  RUNBOOK_PATH,
  bindRunbook,
  loadRunbook,
} from '../remediation/runbook';
import { REMEDIATION_DOCUMENT_NAME, RULE_NAME } from '../rule/rule-definition';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const doc = loadRunbook();

/**
 * Every action SSM Automation offers, from the Systems Manager User Guide, "Systems Manager Automation actions
 * reference" (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html). SSM publishes
 * no machine-readable list, so this one is typed from that page.
 */
const AUTOMATION_ACTIONS = new Set([
  'aws:approve',
  'aws:assertAwsResourceProperty',
  'aws:branch',
  'aws:changeInstanceState',
  'aws:copyImage',
  'aws:createImage',
  'aws:createStack',
  'aws:createTags',
  'aws:deleteImage',
  'aws:deleteStack',
  'aws:executeAutomation',
  'aws:executeAwsApi',
  'aws:executeScript',
  'aws:executeStateMachine',
  'aws:invokeLambdaFunction',
  'aws:invokeWebhook',
  'aws:loop',
  'aws:pause',
  'aws:runCommand',
  'aws:runInstances',
  'aws:sleep',
  'aws:updateVariable',
  'aws:waitForAwsResourceProperty',
]);

/** Runbook parameter types ("Data elements and parameters", schema 0.3). */
const PARAMETER_TYPES = new Set(['String', 'StringList', 'Integer', 'Boolean', 'MapList', 'StringMap']);

/** Automation system variables the runbook may use ("System variables": automation:EXECUTION_ID and the global:* ones). */
const AUTOMATION_VARIABLES = new Set(['automation:EXECUTION_ID', 'global:ACCOUNT_ID', 'global:REGION', 'global:AWS_PARTITION', 'global:DATE_TIME']);

/** What aws:invokeLambdaFunction outputs ("aws:invokeLambdaFunction", Output). */
const INVOKE_LAMBDA_OUTPUTS = ['StatusCode', 'FunctionError', 'LogResult', 'Payload'];

/** The SDK client package of each `Service` namespace the runbook calls (boto3 names, as SSM takes them). */
const SDK_OF_SERVICE: Record<string, Record<string, unknown>> = { ec2, config: configService };

/** A smithy schema as the SDK exports it: struct [3, ns, name, traits, memberNames, memberSchemas], list [1, ns, name, traits, member]. */
type Schema = readonly unknown[];
const resolveSchema = (s: unknown): Schema | undefined => {
  const v = typeof s === 'function' ? (s as () => unknown)() : Array.isArray(s) && typeof s[0] === 'function' ? (s[0] as () => unknown)() : s;
  return Array.isArray(v) ? v : undefined;
};
const memberNames = (s: Schema | undefined): string[] => (s?.[0] === 3 ? (s[4] as string[]) : []);
const member = (s: Schema | undefined, name: string): Schema | undefined => {
  if (s?.[0] !== 3) return undefined;
  const i = (s[4] as string[]).indexOf(name);
  return i < 0 ? undefined : resolveSchema((s[5] as unknown[])[i]) ?? ([0] as Schema);
};

/** The input and output schemas of Service.Api, from the operation schema the SDK exports as `${Api}$`. */
function operationSchemas(service: string, api: string): { input: Schema; output: Schema } | undefined {
  const operation = SDK_OF_SERVICE[service]?.[`${api}$`];
  if (!Array.isArray(operation) || operation[0] !== 9) return undefined;
  return { input: resolveSchema(operation[4])!, output: resolveSchema(operation[5])! };
}

/** Follows a JSONPath selector such as $.Vpcs[0].VpcId through the output schema; returns the unknown segment. */
function unknownSelectorSegment(output: Schema, selector: string): string | undefined {
  const segments = selector.replace(/^\$\.?/, '').split('.');
  let current: Schema | undefined = output;
  for (const segment of segments) {
    const [, name, index] = /^([A-Za-z0-9]+)(\[\d+\])?$/.exec(segment) ?? [];
    if (!name || !memberNames(current).includes(name)) return segment;
    current = member(current, name);
    if (index) current = current?.[0] === 1 ? resolveSchema(current[4]) : undefined;
  }
  return undefined;
}

const references = (value: unknown): string[] =>
  [...JSON.stringify(value ?? null).matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] as string);

/** The actions that call an AWS API named by inputs.Service and inputs.Api. */
const API_ACTIONS = new Set(['aws:executeAwsApi', 'aws:assertAwsResourceProperty']);

const stepOutputs = (step: RunbookStep): string[] =>
  step.action === 'aws:invokeLambdaFunction' ? INVOKE_LAMBDA_OUTPUTS : (step.outputs ?? []).map((o) => o.Name);

const optional = (pattern: string) => `^(${pattern.replace(/^\^/, '').replace(/\$$/, '')})?$`;

describe('the runbook file', () => {
  it('is valid YAML with no duplicate keys, schemaVersion 0.3 and the AutomationAssumeRole parameter as its role', () => {
    const parsed = parseDocument(readFileSync(RUNBOOK_PATH, 'utf8'), { uniqueKeys: true });
    expect(parsed.errors).toEqual([]);
    expect(doc.schemaVersion).toBe('0.3');
    expect(doc.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(doc.parameters.AutomationAssumeRole?.type).toBe('String');
    expect(doc.description).toContain(`### ${REMEDIATION_DOCUMENT_NAME}`);
  });

  it('uses only actions SSM Automation has, with unique step names', () => {
    expect(doc.mainSteps.map((s) => s.name)).toEqual([
      'CheckVpcExists',
      'EnableTrafficMirroring',
      'ReadRemediationResult',
      'SkipVerificationInDryRun',
      'VerifyTrafficMirrorSession',
      'VerifySessionSourceInVpc',
      'ReevaluateConfigRule',
    ]);
    for (const step of doc.mainSteps) {
      expect(AUTOMATION_ACTIONS, `${step.name}: ${step.action}`).toContain(step.action);
      expect(step.name).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,127}$/);
    }
  });

  it('types, describes and validates every parameter; every default passes its own pattern', () => {
    for (const [name, p] of Object.entries(doc.parameters)) {
      expect(PARAMETER_TYPES, name).toContain(p.type);
      expect(p.description, name).toMatch(/^\((Required|Optional)\) /);
      if (p.type === 'String' && p.allowedValues === undefined) expect(p.allowedPattern, `${name} has an allowedPattern`).toBeDefined();
      if (p.default !== undefined && p.allowedPattern) expect(String(p.default), name).toMatch(new RegExp(p.allowedPattern));
      if (p.default !== undefined && p.allowedValues) expect(p.allowedValues, name).toContain(p.default);
      expect(p.description!.startsWith('(Required)'), name).toBe(p.default === undefined);
    }
    expect(Object.entries(doc.parameters).filter(([, p]) => p.default === undefined).map(([n]) => n)).toEqual(['VpcId']);
  });

  it('every {{ }} reference is a declared parameter or an output of an earlier step', () => {
    const seen: RunbookStep[] = [];
    const resolvable = (ref: string): boolean => {
      if (ref in doc.parameters || AUTOMATION_VARIABLES.has(ref)) return true;
      const [stepName, output, ...rest] = ref.split('.');
      const step = seen.find((s) => s.name === stepName);
      return rest.length === 0 && step !== undefined && output !== undefined && stepOutputs(step).includes(output);
    };
    for (const step of doc.mainSteps) {
      for (const ref of references(step)) expect(resolvable(ref), `${step.name} refers to ${ref}`).toBe(true);
      seen.push(step);
    }
    expect(references({ assumeRole: doc.assumeRole }).every(resolvable)).toBe(true);
    for (const output of doc.outputs ?? []) expect(resolvable(output), `document output ${output}`).toBe(true);
    expect(resolvable('Nope')).toBe(false);
    expect(resolvable('automation:NOPE')).toBe(false);
    expect(resolvable('EnableTrafficMirroring.Nope')).toBe(false);
  });

  it('every aws:executeAwsApi and aws:assertAwsResourceProperty step calls an existing EC2 or Config operation with its real parameter and output names', () => {
    const calls = doc.mainSteps.filter((s) => API_ACTIONS.has(s.action));
    expect(calls.map((s) => `${String(s.inputs?.Service)}:${String(s.inputs?.Api)}`)).toEqual([
      'ec2:DescribeVpcs',
      'ec2:DescribeTrafficMirrorSessions',
      'ec2:DescribeNetworkInterfaces',
      'config:StartConfigRulesEvaluation',
    ]);
    for (const step of calls) {
      const { Service, Api, PropertySelector, DesiredValues, ...parameters } = step.inputs as Record<string, unknown>;
      const schemas = operationSchemas(String(Service), String(Api));
      expect(schemas, `${step.name}: ${String(Service)}.${String(Api)} exists in the SDK`).toBeDefined();
      for (const parameter of Object.keys(parameters)) expect(memberNames(schemas!.input), `${step.name} input`).toContain(parameter);
      for (const output of step.outputs ?? []) expect(unknownSelectorSegment(schemas!.output, output.Selector), `${step.name} ${output.Selector}`).toBeUndefined();
      if (step.action === 'aws:assertAwsResourceProperty') {
        expect(unknownSelectorSegment(schemas!.output, String(PropertySelector)), `${step.name} ${String(PropertySelector)}`).toBeUndefined();
        expect(DesiredValues, step.name).toHaveLength(1);
      }
    }
  });

  it('has a schema check that catches a wrong operation, parameter or selector', () => {
    expect(operationSchemas('ec2', 'DescribeVpc')).toBeUndefined();
    expect(memberNames(operationSchemas('ec2', 'DescribeVpcs')!.input)).not.toContain('VpcId');
    expect(unknownSelectorSegment(operationSchemas('ec2', 'DescribeVpcs')!.output, '$.Vpcs[0].VpcID')).toBe('VpcID');
    expect(unknownSelectorSegment(operationSchemas('ec2', 'DescribeVpcs')!.output, '$.Vpc.VpcId')).toBe('Vpc');
  });

  it('re-evaluates the rule without ever failing the run on it', () => {
    const step = doc.mainSteps.find((s) => s.name === 'ReevaluateConfigRule')!;
    expect(step).toMatchObject({ onFailure: 'Continue', isCritical: false, isEnd: true });
    expect(doc.parameters[CONFIG_RULE_NAME_PARAMETER]?.default).toBe(RULE_NAME);
  });

  it('stops at the first step when the VPC does not exist', () => {
    expect(doc.mainSteps[0]).toMatchObject({ name: 'CheckVpcExists', onFailure: 'Abort', inputs: { VpcIds: ['{{ VpcId }}'] } });
  });

  it('shows what the run did as its outputs: the ones remediate --runbook prints', () => {
    expect(doc.outputs).toEqual(Object.values(RUNBOOK_OUTPUTS));
  });
});

describe('the runbook and the remediation Lambda agree', () => {
  const enable = doc.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)!;
  const payload = enable.inputs?.InputPayload as Record<string, string>;

  it('invokes the remediation Lambda with one payload field per request field, from the matching parameter', () => {
    expect(enable.action).toBe('aws:invokeLambdaFunction');
    expect(enable.inputs?.FunctionName).toBe(RUNBOOK_FUNCTION_NAME);
    expect(Object.keys(payload).sort()).toEqual(Object.keys(remediationRequestSchema.shape).sort());
    for (const [field, parameter] of Object.entries(RUNBOOK_PARAMETER_OF)) {
      const expected = field === 'vpcId' ? '{{ CheckVpcExists.VpcId }}' : `{{ ${parameter} }}`;
      expect(payload[field], field).toBe(expected);
      expect(doc.parameters[parameter], parameter).toBeDefined();
    }
    for (const [field, variable] of Object.entries(RUNBOOK_VARIABLE_OF)) expect(payload[field], field).toBe(`{{ ${variable} }}`);
  });

  it('runs the Lambda once per execution: a failed run already deleted what it created', () => {
    expect(enable).toMatchObject({ maxAttempts: 1, onFailure: 'Abort', timeoutSeconds: 300 });
  });

  it('uses the same patterns as the Lambda validation, optional where the parameter is', () => {
    for (const [field, pattern] of Object.entries(REQUEST_PATTERNS)) {
      const parameter = doc.parameters[RUNBOOK_PARAMETER_OF[field as keyof typeof REQUEST_PATTERNS]]!;
      expect(parameter.allowedPattern, field).toBe(field === 'vpcId' ? pattern : optional(pattern));
    }
  });

  it('has the Lambda defaults as parameter defaults', () => {
    expect(doc.parameters.SourceSelection).toMatchObject({ default: REQUEST_DEFAULTS.sourceSelection, allowedValues: [...SOURCE_SELECTIONS] });
    expect(doc.parameters.SessionNumber).toMatchObject({ type: 'Integer', default: REQUEST_DEFAULTS.sessionNumber });
    expect(doc.parameters.MirrorAmazonDns).toMatchObject({ type: 'Boolean', default: REQUEST_DEFAULTS.mirrorAmazonDns });
    expect(doc.parameters.DryRun).toMatchObject({ type: 'Boolean', default: REQUEST_DEFAULTS.dryRun });
  });

  const EXECUTION_ID = '4f2ac1b0-7a55-4bd6-9c1e-0123456789ab';
  const ACCOUNT_ID = '222233334444';
  /** The payload SSM sends: each {{ }} replaced by the parameter's value (the given one, else its default). */
  const substitute = (values: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(payload).map(([field, template]) => {
        const ref = /\{\{\s*([^}\s]+)\s*\}\}/.exec(template)![1]!;
        if (ref === 'automation:EXECUTION_ID') return [field, EXECUTION_ID];
        if (ref === 'global:ACCOUNT_ID') return [field, ACCOUNT_ID];
        const parameter = ref === 'CheckVpcExists.VpcId' ? 'VpcId' : ref;
        return [field, values[parameter] ?? doc.parameters[parameter]!.default];
      }),
    );

  it('sends a payload the Lambda accepts when only the VPC and a target are given', () => {
    expect(parseRemediationRequest(substitute({ VpcId: 'vpc-0123456789abcdef0', TargetNetworkInterfaceId: 'eni-0123456789abcdef0' }))).toEqual({
      vpcId: 'vpc-0123456789abcdef0',
      target: { kind: 'networkInterface', networkInterfaceId: 'eni-0123456789abcdef0' },
      mirrorAmazonDns: false,
      sourceSelection: 'one',
      sessionNumber: 1,
      dryRun: false,
      runId: EXECUTION_ID,
      accountId: ACCOUNT_ID,
    });
  });

  it('sends every parameter through, typed values as SSM may render them as text', () => {
    const request = parseRemediationRequest(
      substitute({
        VpcId: 'vpc-0123456789abcdef0',
        TrafficMirrorTargetId: 'tmt-0123456789abcdef0',
        TrafficMirrorFilterId: 'tmf-0123456789abcdef0',
        MirrorAmazonDns: 'true',
        SourceSelection: 'all',
        SessionNumber: '4',
        PacketLength: '128',
        VirtualNetworkId: '99',
        DryRun: 'true',
      }),
    );
    expect(request).toEqual({
      vpcId: 'vpc-0123456789abcdef0',
      target: { kind: 'existingTarget', trafficMirrorTargetId: 'tmt-0123456789abcdef0' },
      trafficMirrorFilterId: 'tmf-0123456789abcdef0',
      mirrorAmazonDns: true,
      sourceSelection: 'all',
      sessionNumber: 4,
      packetLength: 128,
      virtualNetworkId: 99,
      dryRun: true,
      runId: EXECUTION_ID,
      accountId: ACCOUNT_ID,
    });
  });
});

describe('bindRunbook', () => {
  it('points the invoke step at the deployed function and the re-evaluation at the deployed rule, leaving the file untouched', () => {
    const bound: RunbookDocument = bindRunbook(doc, { functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:remediate', configRuleName: 'my-rule' });
    expect(bound.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)?.inputs?.FunctionName).toBe('arn:aws:lambda:eu-west-1:123456789012:function:remediate');
    expect(bound.parameters[CONFIG_RULE_NAME_PARAMETER]?.default).toBe('my-rule');
    expect(doc.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)?.inputs?.FunctionName).toBe(RUNBOOK_FUNCTION_NAME);
    expect(bound.mainSteps.map((s) => s.name)).toEqual(doc.mainSteps.map((s) => s.name));
  });
});

/**
 * The verification after the Lambda step, played as SSM would play it: the script step runs on python3 with the
 * payload the Lambda step outputs, and the assert steps call the fake EC2 endpoint with their inputs, their
 * {{ }} references replaced by the script's outputs, and compare the PropertySelector's value with DesiredValues.
 */
describe('the runbook verifies its own result', () => {
  const step = (name: string) => doc.mainSteps.find((s) => s.name === name)!;
  const readResult = step(RESULT_STEP_NAME);
  const asserts = doc.mainSteps.filter((s) => s.action === 'aws:assertAwsResourceProperty');
  const hasPython = spawnSync('python3', ['--version']).status === 0;

  const VPC = 'vpc-0123456789abcdef0';
  const OTHER_VPC = 'vpc-0fedcba987654321f';
  const ENI = 'eni-0123456789abcdef0';
  const TARGET = 'tmt-0123456789abcdef0';
  const FILTER = 'tmf-0123456789abcdef0';
  const SESSION = 'tms-0123456789abcdef0';
  const result: RemediationResult = {
    vpcId: VPC,
    dryRun: false,
    sourceSelection: 'one',
    targetId: TARGET,
    filterId: FILTER,
    sessions: [{ sessionId: SESSION, networkInterfaceId: ENI }],
    created: [FILTER, SESSION],
    reused: [TARGET],
    skipped: [{ networkInterfaceId: 'eni-0000000000000000b', reason: 'NetworkInterfaceNotSupported' }],
    wouldCreate: [],
    warnings: [],
  };

  /** Runs the step's script as aws:executeScript would: the handler with InputPayload as events; the return value is $.Payload. */
  function runScript(events: Record<string, unknown>): { payload?: Record<string, unknown>; error?: string } {
    const inputs = readResult.inputs as { Script: string; Handler: string };
    const program = `${inputs.Script}\nimport json, sys\ntry:\n    print(json.dumps(${inputs.Handler}(json.loads(sys.stdin.read()), None)))\nexcept Exception as e:\n    print(json.dumps({'__error': str(e)}))\n`;
    const run = spawnSync('python3', ['-c', program], { input: JSON.stringify(events), encoding: 'utf8' });
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    return '__error' in out ? { error: String(out.__error) } : { payload: out };
  }

  /** The script step's outputs, by Step.Output name, from its outputs' $.Payload.X selectors. */
  const scriptOutputs = (payload: Record<string, unknown>) =>
    Object.fromEntries((readResult.outputs ?? []).map((o) => [`${RESULT_STEP_NAME}.${o.Name}`, payload[o.Selector.replace('$.Payload.', '')]]));

  const events = (payload: unknown, expectedTargetId = '') => ({ Payload: JSON.stringify(payload), VpcId: VPC, ExpectedTargetId: expectedTargetId });

  it('reads the Lambda step output: the script takes EnableTrafficMirroring.Payload, the asserts take what the script read', () => {
    expect(readResult).toMatchObject({ action: 'aws:executeScript', onFailure: 'Abort', inputs: { Runtime: 'python3.11', Handler: 'read_result' } });
    expect((readResult.inputs?.InputPayload as Record<string, string>).Payload).toBe(`{{ ${ENABLE_STEP_NAME}.Payload }}`);
    expect(asserts.map((s) => s.name)).toEqual(['VerifyTrafficMirrorSession', 'VerifySessionSourceInVpc']);
    for (const s of asserts) {
      expect(s).toMatchObject({ onFailure: 'Abort', isCritical: true });
      expect(references(s.inputs).filter((r) => r.startsWith(`${RESULT_STEP_NAME}.`)).length, s.name).toBeGreaterThan(0);
    }
    // Dry runs skip straight to the re-evaluation; every other run goes through both asserts.
    expect(step('SkipVerificationInDryRun').inputs).toEqual({
      Choices: [{ NextStep: 'ReevaluateConfigRule', Variable: '{{ DryRun }}', BooleanEquals: true }],
      Default: 'VerifyTrafficMirrorSession',
    });
  });

  it.skipIf(!hasPython)('turns a RemediationResult into the outputs the CLI prints', () => {
    const { payload, error } = runScript(events(result, TARGET));
    expect(error).toBeUndefined();
    expect(scriptOutputs(payload!)).toEqual({
      [RUNBOOK_OUTPUTS.target]: TARGET,
      [RUNBOOK_OUTPUTS.filter]: FILTER,
      [RUNBOOK_OUTPUTS.sessions]: [SESSION],
      [`${RESULT_STEP_NAME}.FirstSessionId`]: SESSION,
      [`${RESULT_STEP_NAME}.FirstSourceNetworkInterfaceId`]: ENI,
      [RUNBOOK_OUTPUTS.created]: [FILTER, SESSION],
      [RUNBOOK_OUTPUTS.reused]: [TARGET],
      [RUNBOOK_OUTPUTS.skipped]: ['eni-0000000000000000b: NetworkInterfaceNotSupported'],
    });
  });

  it.skipIf(!hasPython)('fails the run on a function error in the payload, another VPC or target, or no session', () => {
    expect(runScript(events({ errorType: 'NoMirrorableSourceError', errorMessage: 'No source could be mirrored' })).error).toBe(
      'The remediation Lambda failed: NoMirrorableSourceError: No source could be mirrored',
    );
    expect(runScript({ Payload: 'Task timed out', VpcId: VPC }).error).toMatch(/^The remediation Lambda returned no JSON result/);
    expect(runScript(events({ ...result, vpcId: OTHER_VPC })).error).toBe(`The remediation Lambda answered for ${OTHER_VPC}, not ${VPC}`);
    expect(runScript(events(result, 'tmt-0fedcba987654321f')).error).toBe(`The remediation Lambda mirrored to ${TARGET}, not to tmt-0fedcba987654321f`);
    expect(runScript(events({ ...result, sessions: [] })).error).toBe(`The remediation Lambda reported no traffic mirror session for ${VPC}`);
    expect(runScript(events({ ...result, sessions: [], dryRun: true })).error).toBeUndefined();
  });

  describe('against EC2', () => {
    let fake: FakeAws;
    let client: ec2.EC2Client;
    beforeAll(async () => {
      fake = await startFakeAws();
      client = new ec2.EC2Client({ region: 'us-east-1', endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
    });
    afterAll(async () => {
      client.destroy();
      await fake.close();
    });

    const variables: Record<string, unknown> = {
      'CheckVpcExists.VpcId': VPC,
      [RUNBOOK_OUTPUTS.target]: TARGET,
      [`${RESULT_STEP_NAME}.FirstSessionId`]: SESSION,
      [`${RESULT_STEP_NAME}.FirstSourceNetworkInterfaceId`]: ENI,
    };
    const resolve = (value: unknown): unknown => {
      if (typeof value === 'string') {
        const ref = /^\{\{\s*([^}\s]+)\s*\}\}$/.exec(value)?.[1];
        return ref === undefined ? value : variables[ref];
      }
      if (Array.isArray(value)) return value.map(resolve);
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      return value;
    };
    const select = (response: unknown, selector: string): unknown =>
      selector
        .replace(/^\$\./, '')
        .split('.')
        .reduce<unknown>((at, segment) => {
          const [, name, index] = /^([A-Za-z0-9]+)(?:\[(\d+)\])?$/.exec(segment)!;
          const value = (at as Record<string, unknown> | undefined)?.[name!];
          return index === undefined ? value : (value as unknown[] | undefined)?.[Number(index)];
        }, response);

    /** aws:assertAwsResourceProperty: the call, then the selected value must be one of DesiredValues; an API error fails too. */
    async function assertPasses(s: RunbookStep): Promise<boolean> {
      const { Service: _s, Api, PropertySelector, DesiredValues, ...parameters } = resolve(s.inputs) as Record<string, unknown>;
      const Command = (ec2 as unknown as Record<string, new (input: unknown) => Parameters<ec2.EC2Client['send']>[0]>)[`${String(Api)}Command`]!;
      try {
        const response = await client.send(new Command(parameters));
        return (DesiredValues as unknown[]).includes(select(response, String(PropertySelector)));
      } catch {
        return false;
      }
    }

    const account = (sessionFromEni: string, eniVpc: string) =>
      fake.setRegion('us-east-1', {
        vpcs: [{ VpcId: VPC }, { VpcId: OTHER_VPC }],
        networkInterfaces: [
          { NetworkInterfaceId: ENI, VpcId: eniVpc, Status: 'in-use', InterfaceType: 'interface' },
          { NetworkInterfaceId: 'eni-0fedcba987654321f', VpcId: OTHER_VPC, Status: 'in-use', InterfaceType: 'interface' },
        ],
        targets: [{ TrafficMirrorTargetId: TARGET, Type: 'network-interface', NetworkInterfaceId: 'eni-0fedcba987654321f' }],
        sessions: [
          { TrafficMirrorSessionId: SESSION, NetworkInterfaceId: sessionFromEni, TrafficMirrorTargetId: TARGET, TrafficMirrorFilterId: FILTER, SessionNumber: 1 },
        ],
      });

    it('passes when the session from the VPC to the target exists', async () => {
      account(ENI, VPC);
      expect(await Promise.all(asserts.map(assertPasses))).toEqual([true, true]);
    });

    it('fails the run when no such session exists, whatever the Lambda step reported', async () => {
      account(ENI, VPC);
      fake.region('us-east-1').sessions.length = 0;
      fake.reindex();
      expect(await assertPasses(asserts[0]!)).toBe(false);
    });

    it('fails the run when the session goes to another target, or comes from an ENI of another VPC', async () => {
      account(ENI, VPC);
      fake.region('us-east-1').sessions[0]!.TrafficMirrorTargetId = 'tmt-0fedcba987654321f';
      fake.reindex();
      expect(await assertPasses(asserts[0]!)).toBe(false);

      account(ENI, OTHER_VPC);
      expect(await assertPasses(asserts[1]!)).toBe(false);
    });
  });
});
