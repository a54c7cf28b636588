/** One command of a deploy plan, and how it is printed for a shell. */

export interface DeployStep {
  /** What the step does, in words. */
  readonly title: string;
  readonly argv: readonly string[];
  /** Text piped to the command's standard input. */
  readonly stdin?: string;
  /** Its output is `KEY=VALUE` lines that later `usesDockerEnv` steps run with (minikube docker-env). */
  readonly setsDockerEnv?: boolean;
  /** Runs against Minikube's Docker daemon. */
  readonly usesDockerEnv?: boolean;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The word as a POSIX shell would read it back unchanged. */
export function quoteShellWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) {
    return word;
  }
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export function formatCommand(argv: readonly string[]): string {
  return argv.map(quoteShellWord).join(' ');
}

/** The step as shell text: a comment with its title, then the command. */
export function formatStep(step: DeployStep, index: number): string {
  const lines = [`# ${index + 1}. ${step.title}`];
  if (step.setsDockerEnv === true) {
    // `--shell none` is for the runner; a user's shell wants the eval form.
    const shellArgv = step.argv.filter((w, i, all) => {
      const isShellFlag = w === '--shell' || all[i - 1] === '--shell';
      return !isShellFlag;
    });
    lines.push(`eval "$(${formatCommand(shellArgv)})"`);
  } else if (step.stdin !== undefined) {
    lines.push(
      `${formatCommand(step.argv)} <<'EOF'`,
      step.stdin.trimEnd(),
      'EOF',
    );
  } else {
    lines.push(formatCommand(step.argv));
  }
  return lines.join('\n');
}
