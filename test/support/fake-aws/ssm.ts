/**
 * The fake AWS Systems Manager (awsJson1_1, `X-Amz-Target: AmazonSSM.<Operation>`): the documents that exist and
 * Automation executions. An execution moves Pending → InProgress → its outcome over successive
 * GetAutomationExecution reads; a test decides the outcome (outputs, or a failed step and its message).
 */
import { randomUUID } from 'node:crypto';
import { DescribeDocument$, GetAutomationExecution$, StartAutomationExecution$ } from '@aws-sdk/client-ssm';
import { FakeAwsError } from './errors';
import { Progression } from './progression';
import type { SdkOperationSchema } from './wire-codec';

/** SSM's JSON target prefix (its Smithy service name). */
export const SSM_TARGET_PREFIX = 'AmazonSSM.';

/** DocumentStatus values (SSM API Reference, DocumentDescription.Status). */
export type FakeDocumentStatus = 'Active' | 'Creating' | 'Updating' | 'Deleting' | 'Failed';

/** How a started Automation execution ends. */
export interface FakeAutomationOutcome {
  /** Runbook outputs, as GetAutomationExecution returns them ("Step.Output" → values). */
  outputs?: Record<string, string[]>;
  /** The run fails at this step with this message (status Failed). */
  failure?: { stepName: string; message: string };
}

export interface FakeAutomationExecution {
  readonly automationExecutionId: string;
  readonly region: string;
  readonly documentName: string;
  readonly parameters: Record<string, string[]>;
}

interface StoredExecution extends FakeAutomationExecution {
  readonly outcome: FakeAutomationOutcome;
  readonly progression: Progression<'Pending' | 'InProgress' | 'Success' | 'Failed'>;
  readonly startTime: Date;
}

export interface SsmOperation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, region: string) => object;
}

/** DescribeDocument's Name: a document name or ARN, letters, digits and _ - . : / (SSM API Reference, DescribeDocument). */
const DOCUMENT_NAME = /^[a-zA-Z0-9_\-.:/]{3,200}$/;

export class FakeSsmService {
  private readonly documents = new Map<string, FakeDocumentStatus>();
  private readonly executions = new Map<string, StoredExecution>();
  /** Decides each new execution's outcome; by default every run succeeds with no outputs. */
  private decide: (execution: FakeAutomationExecution) => FakeAutomationOutcome = () => ({});

  readonly operations: Readonly<Record<string, SsmOperation>> = {
    DescribeDocument: { schema: DescribeDocument$, run: (input, region) => this.describeDocument(input, region) },
    StartAutomationExecution: { schema: StartAutomationExecution$, run: (input, region) => this.startAutomation(input, region) },
    GetAutomationExecution: { schema: GetAutomationExecution$, run: (input, region) => this.getAutomation(input, region) },
  };

  /** Makes a document exist in a region (status Active unless given). */
  setDocument(region: string, name: string, status: FakeDocumentStatus = 'Active'): void {
    this.documents.set(`${region}/${name}`, status);
  }

  deleteDocument(region: string, name: string): void {
    this.documents.delete(`${region}/${name}`);
  }

  /** How the executions started from now on end. */
  onAutomation(decide: (execution: FakeAutomationExecution) => FakeAutomationOutcome): void {
    this.decide = decide;
  }

  /** Every execution started, oldest first. */
  automationExecutions(): FakeAutomationExecution[] {
    return [...this.executions.values()].map(({ automationExecutionId, region, documentName, parameters }) => ({
      automationExecutionId,
      region,
      documentName,
      parameters,
    }));
  }

  private document(region: string, name: unknown): FakeDocumentStatus {
    if (typeof name !== 'string' || !DOCUMENT_NAME.test(name)) {
      throw new FakeAwsError('ValidationException', `1 validation error detected: Value at 'name' failed to satisfy constraint`);
    }
    const status = this.documents.get(`${region}/${name}`);
    if (status === undefined) throw new FakeAwsError('InvalidDocument', 'Document with name ' + name + ' does not exist.');
    return status;
  }

  private describeDocument(input: Record<string, unknown>, region: string): object {
    const status = this.document(region, input.Name);
    return { Document: { Name: input.Name, Status: status, DocumentType: 'Automation', SchemaVersion: '0.3', DocumentVersion: '1' } };
  }

  private startAutomation(input: Record<string, unknown>, region: string): object {
    const documentName = input.DocumentName;
    if (typeof documentName !== 'string' || !this.documents.has(`${region}/${documentName}`)) {
      throw new FakeAwsError('AutomationDefinitionNotFoundException', `Automation definition ${String(documentName)} not found.`);
    }
    const parameters = (input.Parameters as Record<string, string[]> | undefined) ?? {};
    const execution = { automationExecutionId: randomUUID(), region, documentName, parameters };
    const outcome = this.decide(execution);
    this.executions.set(execution.automationExecutionId, {
      ...execution,
      outcome,
      progression: new Progression(['Pending', 'InProgress', outcome.failure ? 'Failed' : 'Success']),
      startTime: new Date(),
    });
    return { AutomationExecutionId: execution.automationExecutionId };
  }

  private getAutomation(input: Record<string, unknown>, region: string): object {
    const execution = typeof input.AutomationExecutionId === 'string' ? this.executions.get(input.AutomationExecutionId) : undefined;
    if (!execution || execution.region !== region) {
      throw new FakeAwsError('AutomationExecutionNotFoundException', `Automation execution ${String(input.AutomationExecutionId)} not found.`);
    }
    const status = execution.progression.read();
    const done = status === 'Success' || status === 'Failed';
    const failure = status === 'Failed' ? execution.outcome.failure : undefined;
    return {
      AutomationExecution: {
        AutomationExecutionId: execution.automationExecutionId,
        DocumentName: execution.documentName,
        DocumentVersion: '1',
        AutomationExecutionStatus: status,
        ExecutionStartTime: execution.startTime,
        ...(done ? { ExecutionEndTime: new Date() } : {}),
        Parameters: execution.parameters,
        ...(status === 'Success' ? { Outputs: execution.outcome.outputs ?? {} } : {}),
        ...(failure
          ? {
              FailureMessage: `Step fails when it is ${failure.stepName}. ${failure.message}`,
              StepExecutions: [{ StepName: failure.stepName, StepStatus: 'Failed', FailureMessage: failure.message }],
            }
          : {}),
      },
    };
  }
}
