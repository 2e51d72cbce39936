/** The streams a CLI run writes to: the process's own, or test doubles. */
export interface CliOutput extends NodeJS.WritableStream {
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

/** Where a confirmation is read from; absent or not a terminal means nobody can answer. */
export interface CliInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin?: CliInput;
}
