/**
 * Input an import cannot read on: a truncated file, junk where mail should
 * be, a folder it may not read. The message is for the user; what was stored
 * before it stays, and the import can be resumed from `offset` (bytes into
 * the current part) once the input is whole.
 */
export class ImportSourceError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'ImportSourceError';
  }
}
