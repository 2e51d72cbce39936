/**
 * A Lambda function of vpc-mirroring-guard: one of the project's handlers (lambda-handlers.ts), its own role with inline statements only (no AWS
 * managed policy), and its own log group with a retention. Every function of the project is built by this
 * construct, so runtime, architecture, bundling and log permissions are decided once. In the repository it bundles
 * the handler's TypeScript at synth (NodejsFunction); from the installed package it deploys the bundle built at pack
 * time with these same options (scripts/build-package.ts), so consumers need no bundler.
 */
import type { Duration, aws_kms as kms } from 'aws-cdk-lib';
import { ArnFormat, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from './acknowledgements';
import type { LambdaHandlerName } from './lambda-handlers';
import { LAMBDA_HANDLER_ENTRIES, PREBUILT_BUNDLE_MODULE, prebuiltBundleDir } from './lambda-handlers';

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
 * What the Lambda service does with the role of a function in a VPC: create, describe and delete the function's
 * network interfaces (Lambda developer guide, "Giving Lambda functions access to resources in an Amazon VPC";
 * the same actions as AWSLambdaVPCAccessExecutionRole, written out and scoped here instead).
 */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** HTTPS, the only port the functions talk on: every AWS API endpoint, public or VPC interface endpoint. */
export const AWS_API_PORT = 443;

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

/**
 * For organizations whose guardrails require it (AWS Control Tower proactive controls CT.LAMBDA.PR.3 and
 * CT.CLOUDWATCH.PR.3): every function in a VPC, every log group encrypted with a customer-managed key.
 */
export interface GuardrailProps {
  /**
   * Runs the function in this VPC, with a security group allowing only HTTPS egress. The subnets need a route to
   * the AWS APIs the function calls: a NAT gateway, or interface VPC endpoints (docs/guardrails.md lists them).
   * @default - not in a VPC (CT.LAMBDA.PR.3 acknowledged)
   */
  readonly vpc?: ec2.IVpc;
  /** The subnets of `vpc` to run in. @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Encrypts the log group with this KMS key. A key defined in the same CDK app gets the key-policy statement
   * CloudWatch Logs needs; for an imported key, its policy must already allow the logs service principal.
   * @default - CloudWatch Logs' own encryption at rest (CT.CLOUDWATCH.PR.3 acknowledged)
   */
  readonly logEncryptionKey?: kms.IKey;
}

export interface GuardFunctionProps extends GuardrailProps {
  /** Which of the project's handlers the function runs. */
  readonly bundle: LambdaHandlerName;
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
  /** A NodejsFunction in the repository; a Function with the prebuilt bundle's code from the package. */
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The function's security group, when it runs in a VPC. */
  readonly securityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: GuardFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
    });
    if (props.logEncryptionKey) allowLogsToUseKey(this, props.logEncryptionKey);
    else {
      acknowledgeControlTowerRule(
        this.logGroup,
        'CT.CLOUDWATCH.PR.3',
        'cloudwatch_log_group_encrypted_check',
        'CloudWatch Logs encrypts every log group at rest with keys it manages; these logs hold resource IDs and ' +
          'verdict counts, no secrets or personal data, so a customer-managed key adds cost and a key policy to ' +
          'run without protecting more. Organizations that require one set the logEncryptionKey prop, which ' +
          'removes this acknowledgement.',
      );
    }

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

    if (props.vpc) {
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `HTTPS egress only, for ${props.description}`.slice(0, 255),
        allowAllOutbound: false,
      });
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(AWS_API_PORT), 'HTTPS to the AWS APIs');
    }

    const functionProps = {
      description: props.description,
      runtime: GUARD_FUNCTION_RUNTIME,
      architecture: GUARD_FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      ...(props.vpc && this.securityGroup
        ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: [this.securityGroup] }
        : {}),
    };
    const exportName = props.handler ?? 'handler';
    const prebuilt = prebuiltBundleDir(props.bundle);
    this.function = prebuilt
      ? new lambda.Function(this, 'Function', {
          ...functionProps,
          code: lambda.Code.fromAsset(prebuilt),
          handler: `${PREBUILT_BUNDLE_MODULE}.${exportName}`,
        })
      : new NodejsFunction(this, 'Function', {
          ...functionProps,
          entry: LAMBDA_HANDLER_ENTRIES[props.bundle],
          handler: exportName,
          bundling: GUARD_FUNCTION_BUNDLING,
        });

    if (props.vpc && this.securityGroup) this.allowVpcNetworking(props.vpc, props.vpcSubnets, this.securityGroup);
    else {
      acknowledgeControlTowerRule(
        this.function,
        'CT.LAMBDA.PR.3',
        'lambda_inside_vpc_check',
        'the function calls only AWS APIs (over HTTPS with SigV4-signed requests) and serves no network ' +
          'traffic, so a VPC adds network interfaces and NAT or endpoints without protecting those calls. ' +
          'Organizations that require VPC placement set the vpc and vpcSubnets props, which remove this ' +
          'acknowledgement.',
      );
    }
  }

  /** The network-interface permissions Lambda needs to attach a function to the VPC, scoped as far as EC2 allows. */
  private allowVpcNetworking(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, securityGroup: ec2.SecurityGroup): void {
    const stack = Stack.of(this);
    const ec2Arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ec2', resource, resourceName });
    const networkInterfaces = ec2Arn('network-interface', '*');
    const policy = this.addPolicy('AttachToVpc', [
      new iam.PolicyStatement({
        sid: 'DescribeNetworking',
        actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'CreateInterfacesInSelectedSubnets',
        actions: ['ec2:CreateNetworkInterface'],
        resources: [
          networkInterfaces,
          ...vpc.selectSubnets(selection).subnetIds.map((id) => ec2Arn('subnet', id)),
          ec2Arn('security-group', securityGroup.securityGroupId),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'ManageFunctionInterfaces',
        actions: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: [networkInterfaces],
      }),
    ]);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource-level permissions (the Lambda ' +
        'developer guide requires Resource "*" for them); both are read-only.',
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*]',
      reason:
        'Lambda creates and deletes the function network interfaces itself, with IDs unknown before they exist; the ' +
        'grant is limited to network interfaces of this account and region, and creating one also needs the ' +
        'selected subnets and the function security group.',
    });
  }

  /** Adds a policy the function needs from its first invocation (the function is created after it). */
  addPolicy(id: string, statements: iam.PolicyStatement[]): iam.Policy {
    const policy = new iam.Policy(this, id, { statements, roles: [this.role] });
    this.function.node.addDependency(policy);
    return policy;
  }
}

/**
 * Lets CloudWatch Logs use the key for log groups of this account and region (CloudWatch Logs user guide,
 * "Encrypt log data in CloudWatch Logs using AWS KMS"). A no-op for an imported key, whose policy is its owner's.
 */
function allowLogsToUseKey(scope: Construct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccountRegion',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      // The documented statement uses Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*; named here.
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}
