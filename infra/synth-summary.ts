/**
 * The short summary `npm run synth` prints: per stack, what it would deploy. A pure function of the synthesized
 * template (plain JSON), so it is tested on the real template without AWS.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

export interface StackSummaryInput {
  readonly stackName: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** Size in bytes of an asset's directory or file in the cloud assembly, by asset hash. */
  readonly assetSize?: (assetHash: string) => number | undefined;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(2)} MB` : `${Math.round(n / 1024)} KB`;
}

function describeConfigRule(p: Record<string, unknown>): string[] {
  const source = (p.Source ?? {}) as { Owner?: string; SourceDetails?: { MessageType?: string; MaximumExecutionFrequency?: string }[] };
  const triggers = (source.SourceDetails ?? []).map((d) =>
    d.MaximumExecutionFrequency ? `${d.MessageType} (${d.MaximumExecutionFrequency})` : String(d.MessageType),
  );
  const scope = ((p.Scope ?? {}) as { ComplianceResourceTypes?: string[] }).ComplianceResourceTypes ?? [];
  const params = Object.entries((p.InputParameters ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${str(v)}`);
  return [
    `  Config rule ${str(p.ConfigRuleName)} (${source.Owner ?? 'unknown owner'})`,
    `    triggers:   ${triggers.join(', ')}`,
    `    scope:      ${scope.join(', ')}`,
    `    parameters: ${params.join(' ') || '(none)'}`,
  ];
}

function describeFunction(p: Record<string, unknown>, assetSize: StackSummaryInput['assetSize']): string {
  const arch = asList(p.Architectures).map(str).join('/') || 'x86_64';
  const code = (p.Code ?? {}) as { S3Key?: unknown };
  const hash = typeof code.S3Key === 'string' ? code.S3Key.replace(/\.zip$/, '') : undefined;
  const size = hash !== undefined ? assetSize?.(hash) : undefined;
  return (
    `  Lambda ${str(p.Runtime)} ${arch}, ${str(p.MemorySize)} MB, timeout ${str(p.Timeout)} s` +
    (p.VpcConfig ? ', in a VPC' : '') +
    (size !== undefined ? `, code ${formatBytes(size)}` : '')
  );
}

function iamActions(resources: CfnResource[]): string[] {
  const actions = new Set<string>();
  for (const r of resources.filter((x) => x.Type === 'AWS::IAM::Policy')) {
    const doc = (r.Properties?.PolicyDocument ?? {}) as { Statement?: { Action?: unknown }[] };
    for (const s of doc.Statement ?? []) for (const a of asList(s.Action)) actions.add(str(a));
  }
  return [...actions].sort();
}

export function summarizeStack(input: StackSummaryInput): string[] {
  const resources = Object.values(input.template.Resources ?? {});
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  const lines = [`Stack ${input.stackName}: ${resources.length} resources -> ${input.templateFile}`];
  for (const r of resources) {
    if (r.Type === 'AWS::Config::ConfigRule') lines.push(...describeConfigRule(r.Properties ?? {}));
  }
  for (const r of resources) {
    if (r.Type === 'AWS::Lambda::Function') lines.push(describeFunction(r.Properties ?? {}, input.assetSize));
  }
  const actions = iamActions(resources);
  if (actions.length > 0) lines.push(`  IAM actions: ${actions.join(', ')}`);
  lines.push(
    `  resources: ${[...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, n]) => `${n} ${type}`)
      .join(', ')}`,
  );
  return lines;
}
