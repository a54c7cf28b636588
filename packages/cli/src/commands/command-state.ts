/** What a command tells the CLI's error handler (e.g. to print errors as JSON). */
export interface CommandState {
  setJsonErrors(on: boolean): void;
}
