/** Service errors and their wire formats, as each protocol's SDK deserializer expects them. */
import { escapeXml } from './wire-codec';

/** Thrown by an operation handler; the server renders it in the calling service's error format. */
export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** EC2 Query errors: `<Response><Errors><Error><Code>` (EC2 API Reference, "Error codes" / error response). */
export function ec2ErrorBody(error: FakeAwsError, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  );
}

/** awsQuery (STS) errors: `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>..`. */
export function queryErrorBody(error: FakeAwsError, requestId: string, xmlns: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** awsJson1_1 (Config) errors: `{"__type": code, "message": ...}`. */
export function jsonErrorBody(error: FakeAwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}

// Errors shared by several operations.

export const invalidParameterValue = (message: string) => new FakeAwsError('InvalidParameterValue', message);
export const missingParameter = (name: string) =>
  new FakeAwsError('MissingParameter', `The request must contain the parameter ${name}`);
