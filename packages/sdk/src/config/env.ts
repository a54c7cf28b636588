/** Environment variables as `startTracing({ env })` receives them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, trimmed; `undefined` when unset or blank. */
export function readEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
