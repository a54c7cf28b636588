/** A problem with an input file: the message names the file and, where known, the byte offset. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    readonly offset?: number,
  ) {
    super(
      offset === undefined
        ? `${file}: ${detail}`
        : `${file}: ${detail} at byte offset ${offset}`,
    );
    this.name = 'InputError';
  }
}
