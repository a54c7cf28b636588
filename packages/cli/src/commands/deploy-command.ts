/** `pathprof deploy`: flags and help; the work is in deploy/run-deploy.ts. */
import type { Command } from 'commander';
import {
  DEFAULT_CPUS,
  DEFAULT_ISTIO_RELEASE,
  DEFAULT_MEMORY_MIB,
  DEFAULT_PROFILE,
} from '../deploy/deploy-defaults.js';
import type { DeployFlags } from '../deploy/deploy-settings.js';
import type { DeploySystem } from '../deploy/deploy-system.js';
import type { CliIo } from '../shared/cli-io.js';
import type { CommandState } from './command-state.js';

export function registerDeployCommand(
  program: Command,
  io: CliIo,
  state: CommandState,
  system?: () => DeploySystem,
): void {
  program
    .command('deploy')
    .description(
      'deploy pathprof and a showcase system on Minikube + Istio: --infra (cluster, Istio with tracing to pathprof, addons), --app (images, Helm chart); docs/deploy.md',
    )
    .option(
      '--infra',
      'start Minikube, install Istio and its Prometheus, Grafana and Kiali addons',
    )
    .option(
      '--app',
      "build the images in Minikube's Docker and install the Helm chart",
    )
    .option('--sys <system>', 'showcase system: multi-svc or toy', 'multi-svc')
    .option(
      '--profile <name>',
      'Minikube profile (and kubectl context)',
      DEFAULT_PROFILE,
    )
    .option(
      '--jaeger',
      "also install Istio's Jaeger addon and declare it as a tracing provider",
    )
    .option(
      '--istio-release <x.y>',
      'Istio release of the addons; match your istioctl',
      DEFAULT_ISTIO_RELEASE,
    )
    .option(
      '--cpus <n>',
      'CPUs of a new Minikube cluster',
      String(DEFAULT_CPUS),
    )
    .option(
      '--memory <mib>',
      'memory of a new Minikube cluster, MiB',
      String(DEFAULT_MEMORY_MIB),
    )
    .option('--dry-run', 'print the exact commands and run nothing')
    .option(
      '--format <format>',
      'with --dry-run: table (a shell script) or json',
      'table',
    )
    .action(async (flags: DeployFlags) => {
      state.setJsonErrors(flags.format === 'json');
      const [{ runDeploy }, { createProcessDeploySystem }] = await Promise.all([
        import('../deploy/run-deploy.js'),
        import('../deploy/deploy-system.js'),
      ]);
      await runDeploy(flags, io, (system ?? createProcessDeploySystem)());
    });
}
