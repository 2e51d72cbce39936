/** The streams a CLI run writes to: the process's own, or test doubles. */
export interface CliOutput extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}
