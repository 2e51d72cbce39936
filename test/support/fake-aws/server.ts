/**
 * The HTTP side of the fake: one node:http server on 127.0.0.1 that answers EC2 (ec2Query), STS and Elastic Load
 * Balancing v2 (awsQuery), and Config and SSM (awsJson1_1) as the real endpoints do, routed by the SigV4 credential
 * scope of each request (its signing name: ec2, sts, elasticloadbalancing) or its X-Amz-Target.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConfigService } from './config-service';
import type { Ec2Env } from './ec2';
import { EC2_OPERATIONS } from './ec2';
import { invalidateIndex } from './ec2-describe';
import { ELBV2_OPERATIONS, ELBV2_XMLNS } from './elbv2';
import { FakeAwsError, ec2ErrorBody, jsonErrorBody, queryErrorBody } from './errors';
import { FakeSsmService, SSM_TARGET_PREFIX } from './ssm';
import type { FakeConfigSetup } from './config-setup';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, FakeStsService } from './sts';
import type {
  CallRecord,
  FailureSpec,
  FakeAwsOptions,
  FakeRegion,
  FakeService,
  SeedEvaluation,
  StoredEvaluation,
} from './types';
import type { SdkOperationSchema } from './wire-codec';
import { inputSchemaOf, outputSchemaOf, readJson, readQuery, writeJson, writeXml } from './wire-codec';

const DEFAULT_ACCOUNT_ID = '123456789012';
const DEFAULT_ENABLED_REGIONS = ['us-east-1', 'eu-west-1'];
const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** Config's JSON target prefix (its Smithy service name). */
const CONFIG_TARGET_PREFIX = 'StarlingDoveService.';
/** SigV4 signing name → the fake's service. */
const SERVICES_BY_SIGNING_NAME: Readonly<Record<string, FakeService>> = { ec2: 'ec2', sts: 'sts', elasticloadbalancing: 'elbv2' };

/** `Credential=AKID/20261129/us-east-1/ec2/aws4_request` of a SigV4 Authorization header. */
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function emptyRegion(seed: Partial<FakeRegion> = {}): FakeRegion {
  return {
    vpcs: seed.vpcs ?? [],
    subnets: seed.subnets ?? [],
    networkInterfaces: seed.networkInterfaces ?? [],
    sessions: seed.sessions ?? [],
    filters: seed.filters ?? [],
    targets: seed.targets ?? [],
    securityGroups: seed.securityGroups ?? [],
    vpcPeeringConnections: seed.vpcPeeringConnections ?? [],
    transitGatewayAttachments: seed.transitGatewayAttachments ?? [],
    routeTables: seed.routeTables ?? [],
    networkAcls: seed.networkAcls ?? [],
    vpcEndpoints: seed.vpcEndpoints ?? [],
    loadBalancers: seed.loadBalancers ?? [],
    listeners: seed.listeners ?? [],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

interface Decoded {
  service: FakeService;
  operation: string;
  region: string;
  accessKeyId?: string;
  input?: Record<string, unknown>;
  schema?: SdkOperationSchema;
}

/**
 * A running fake AWS endpoint. Create it with {@link startFakeAws}; point SDK clients at it with
 * {@link FakeAws.env} (AWS_ENDPOINT_URL_* variables) or `{ endpoint: fake.endpoint }`.
 */
export class FakeAws {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The account every request is answered for. */
  readonly accountId: string;

  private readonly regions = new Map<string, FakeRegion>();
  private readonly idempotency = new Map<string, Map<string, { fingerprint: string; output: object }>>();
  private readonly config = new FakeConfigService();
  /** Systems Manager: documents and Automation executions (set documents and outcomes here). */
  readonly ssm = new FakeSsmService();
  private readonly sts: FakeStsService;
  private readonly failures = new Map<string, (FailureSpec & { remaining: number })[]>();
  private readonly log: CallRecord[] = [];
  private readonly enabledRegions: readonly string[];
  private readonly latencyMs: number;

  /** @internal Use {@link startFakeAws}. */
  constructor(
    private readonly server: Server,
    options: FakeAwsOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.enabledRegions = options.enabledRegions ?? DEFAULT_ENABLED_REGIONS;
    this.latencyMs = options.latencyMs ?? 0;
    this.sts = new FakeStsService(this.accountId);
    for (const [name, seed] of Object.entries(options.regions ?? {})) this.regions.set(name, emptyRegion(seed));
  }

  /** The live state of a region (created empty on first use). Mutate it freely between calls. */
  region(name: string): FakeRegion {
    let region = this.regions.get(name);
    if (!region) {
      region = emptyRegion();
      this.regions.set(name, region);
    }
    return region;
  }

  /**
   * Replaces a region's whole state (lists not given become empty) and returns it; the region object stays
   * the same, so references to it remain valid. Handy in `beforeEach`.
   */
  setRegion(name: string, state: Partial<FakeRegion> = {}): FakeRegion {
    return Object.assign(this.region(name), emptyRegion(state));
  }

  /** Drops the lookup indexes: needed only after changing an ID or VpcId of an existing resource in place. */
  reindex(): void {
    for (const region of this.regions.values()) for (const list of Object.values(region)) invalidateIndex(list as unknown[]);
  }

  /** Evaluations stored by PutEvaluations (and seeded), sorted by region, rule and resource ID. */
  evaluations(region?: string): StoredEvaluation[] {
    return this.config.evaluations(region);
  }

  /** Preloads evaluations, e.g. a NON_COMPLIANT verdict on a VPC that has since been deleted. */
  seedEvaluations(region: string, configRuleName: string, items: readonly SeedEvaluation[]): void {
    this.config.seed(region, configRuleName, items);
  }

  /** A ResultToken for a Config rule event: PutEvaluations with it records evaluations under `configRuleName`. */
  resultToken(configRuleName: string): string {
    return this.config.resultToken(configRuleName);
  }

  /** PutEvaluations returns these resources as FailedEvaluations (not stored) for their next `times` appearances. */
  failEvaluations(resourceIds: readonly string[], times: number): void {
    this.config.failEvaluations(resourceIds, times);
  }

  /** A region's Config set-up (recorders, rules, remediation configurations), live; see config-setup.ts. */
  configSetup(region: string): FakeConfigSetup {
    return this.config.setup.setup(region);
  }

  /** Config remediations of these resources started from now on fail at this step with this message. */
  failRemediation(resourceIds: readonly string[], failure: { stepName: string; message: string }): void {
    this.config.setup.failRemediation(resourceIds, failure);
  }

  /** StartRemediationExecution returns these resources as FailedItems instead of starting them. */
  rejectRemediationStart(resourceIds: readonly string[]): void {
    this.config.setup.rejectRemediationStart(resourceIds);
  }

  /** AssumeRole of this role ARN answers AccessDenied (403). */
  denyAssumeRole(roleArn: string): void {
    this.sts.deny(roleArn);
  }

  /**
   * The next `times` (default 1) requests for `operation` (any service, any region) fail with this error,
   * before the operation runs. Calls stack: each `failNext` queues after the previous ones.
   */
  failNext(operation: string, failure: FailureSpec): void {
    const queue = this.failures.get(operation) ?? [];
    queue.push({ ...failure, remaining: failure.times ?? 1 });
    this.failures.set(operation, queue);
  }

  /** Every request answered so far (retries included), oldest first. */
  calls(): CallRecord[] {
    return this.log.map((c) => ({ ...c }));
  }

  /** Requests per operation name (retries count as requests), optionally for one service and/or region. */
  callCounts(filter: { service?: FakeService; region?: string } = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.log) {
      if (filter.service !== undefined && c.service !== filter.service) continue;
      if (filter.region !== undefined && c.region !== filter.region) continue;
      counts[c.operation] = (counts[c.operation] ?? 0) + 1;
    }
    return counts;
  }

  resetCalls(): void {
    this.log.length = 0;
  }

  /**
   * Environment variables that send every AWS SDK for JavaScript v3 client (and the AWS CLI) to this fake,
   * with static fake credentials, and keep them off real hosts: the global AWS_ENDPOINT_URL catches any
   * other service, instance metadata is disabled, and shared config files are pointed at nothing.
   */
  env(region = 'us-east-1'): Record<string, string> {
    const nowhere = join(tmpdir(), 'fake-aws-no-such-config-file');
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ENDPOINT_URL_EC2: this.endpoint,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: this.endpoint,
      AWS_ENDPOINT_URL_STS: this.endpoint,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: this.endpoint,
      AWS_ENDPOINT_URL_SSM: this.endpoint,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false',
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: '',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: nowhere,
      AWS_SHARED_CREDENTIALS_FILE: nowhere,
      AWS_PROFILE: '',
    };
  }

  /** Stops the server, dropping kept-alive connections. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  /** @internal */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    let decoded: Decoded | undefined;
    let reply: Reply;
    try {
      decoded = this.identify(req, body);
      decoded = this.decodeInput(decoded, body);
      reply = this.answer(decoded, requestId);
    } catch (err) {
      const error =
        err instanceof FakeAwsError ? err : new FakeAwsError('InternalError', `Fake AWS failed: ${String(err)}`, 500);
      if (!(err instanceof FakeAwsError)) console.error('fake-aws internal error', err);
      reply = this.errorReply(decoded?.service ?? 'ec2', error, requestId);
      if (decoded) this.record(decoded, error.code);
    }
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      'x-amzn-requestid': requestId,
    });
    res.end(reply.body);
  }

  /** Which service, operation, region and caller a request is for: enough to answer even a malformed one. */
  private identify(req: IncomingMessage, body: string): Decoded {
    const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '');
    if (!scope) throw new FakeAwsError('MissingAuthenticationToken', 'Request is missing a SigV4 Authorization header', 403);
    const [, accessKeyId, region = '', signingName = ''] = scope;
    const caller = accessKeyId ? { accessKeyId } : {};
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith(CONFIG_TARGET_PREFIX)) {
      return { service: 'config', operation: target.slice(CONFIG_TARGET_PREFIX.length), region, ...caller };
    }
    if (typeof target === 'string' && target.startsWith(SSM_TARGET_PREFIX)) {
      return { service: 'ssm', operation: target.slice(SSM_TARGET_PREFIX.length), region, ...caller };
    }
    const service = SERVICES_BY_SIGNING_NAME[signingName];
    if (service === undefined) {
      throw new FakeAwsError('UnrecognizedClientException', `The fake does not serve the '${signingName}' service`);
    }
    return { service, operation: new URLSearchParams(body).get('Action') ?? '', region, ...caller };
  }

  /** The request's input in SDK member names, decoded with the operation's own schema. */
  private decodeInput(d: Decoded, body: string): Decoded {
    if (d.service === 'config' || d.service === 'ssm') {
      const op = d.service === 'config' ? this.config.operations[d.operation] : this.ssm.operations[d.operation];
      if (!op) throw new FakeAwsError('UnknownOperationException', `Unknown operation ${d.operation}`);
      let json: unknown;
      try {
        json = body === '' ? {} : JSON.parse(body);
      } catch {
        throw new FakeAwsError('SerializationException', 'The request body is not valid JSON');
      }
      return { ...d, schema: op.schema, input: readJson(inputSchemaOf(op.schema), json) };
    }
    const schema =
      d.service === 'ec2'
        ? EC2_OPERATIONS[d.operation]?.schema
        : d.service === 'elbv2'
          ? ELBV2_OPERATIONS[d.operation]?.schema
          : this.sts.operations[d.operation]?.schema;
    if (!schema) throw new FakeAwsError('InvalidAction', `The action ${d.operation} is not valid for this web service.`);
    const input = readQuery(inputSchemaOf(schema), new URLSearchParams(body), d.service === 'ec2' ? 'ec2' : 'awsQuery');
    return { ...d, schema, input };
  }

  private takeFailure(operation: string): FakeAwsError | undefined {
    const queue = this.failures.get(operation);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining--;
    if (next.remaining <= 0) queue.shift();
    return new FakeAwsError(next.code, next.message ?? `Injected ${next.code} for ${operation}`, next.status ?? 400);
  }

  private record(d: Decoded, errorCode?: string): void {
    const roleArn = this.sts.sessionOf(d.accessKeyId)?.roleArn;
    this.log.push({
      service: d.service,
      operation: d.operation,
      region: d.region,
      ...(d.input ? { params: d.input } : {}),
      ...(roleArn ? { roleArn } : {}),
      ...(errorCode ? { errorCode } : {}),
    });
  }

  private ec2Env(region: string): Ec2Env {
    let idempotency = this.idempotency.get(region);
    if (!idempotency) {
      idempotency = new Map();
      this.idempotency.set(region, idempotency);
    }
    return {
      state: this.region(region),
      regionName: region,
      accountId: this.accountId,
      enabledRegions: this.enabledRegions,
      idempotency,
    };
  }

  private answer(d: Decoded, requestId: string): Reply {
    const injected = this.takeFailure(d.operation);
    if (injected) throw injected;
    const input = d.input ?? {};
    const schema = d.schema as SdkOperationSchema;
    const out = outputSchemaOf(schema);
    let reply: Reply;
    if (d.service === 'ec2') {
      if (input.DryRun === true) {
        throw new FakeAwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      }
      const output = EC2_OPERATIONS[d.operation]?.run(input, this.ec2Env(d.region)) ?? {};
      const tag = `${d.operation}Response`;
      reply = {
        status: 200,
        contentType: 'text/xml;charset=UTF-8',
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<${tag} xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId>` +
          `${writeXml(out, output)}</${tag}>`,
      };
    } else if (d.service === 'sts' || d.service === 'elbv2') {
      const output =
        d.service === 'sts'
          ? (this.sts.operations[d.operation]?.run(input, this.sts.sessionOf(d.accessKeyId)) ?? {})
          : (ELBV2_OPERATIONS[d.operation]?.run(input, this.region(d.region)) ?? {});
      const xmlns = d.service === 'sts' ? STS_XMLNS : ELBV2_XMLNS;
      reply = {
        status: 200,
        contentType: 'text/xml',
        body:
          `<${d.operation}Response xmlns="${xmlns}"><${d.operation}Result>${writeXml(out, output)}</${d.operation}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${d.operation}Response>`,
      };
    } else if (d.service === 'ssm') {
      const output = this.ssm.operations[d.operation]?.run(input, d.region) ?? {};
      reply = { status: 200, contentType: 'application/x-amz-json-1.1', body: writeJson(out, output) };
    } else {
      const output = this.config.operations[d.operation]?.run(input, d.region) ?? {};
      reply = { status: 200, contentType: 'application/x-amz-json-1.1', body: writeJson(out, output) };
    }
    this.record(d);
    return reply;
  }

  private errorReply(service: FakeService, error: FakeAwsError, requestId: string): Reply {
    switch (service) {
      case 'ec2':
        return { status: error.status, contentType: 'text/xml;charset=UTF-8', body: ec2ErrorBody(error, requestId) };
      case 'sts':
        return { status: error.status, contentType: 'text/xml', body: queryErrorBody(error, requestId, STS_XMLNS) };
      case 'elbv2':
        return { status: error.status, contentType: 'text/xml', body: queryErrorBody(error, requestId, ELBV2_XMLNS) };
      case 'config':
      case 'ssm':
        return { status: error.status, contentType: 'application/x-amz-json-1.1', body: jsonErrorBody(error) };
    }
  }
}

/**
 * Starts a fake AWS endpoint on 127.0.0.1 (an ephemeral port; never another address).
 * Close it with {@link FakeAws.close} when done.
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const server = createServer();
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const fake = new FakeAws(server, options);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    fake.handle(req, res).catch((err: unknown) => {
      console.error('fake-aws request failed', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return fake;
}
