/**
 * The images' Dockerfiles: linted by `dockerfile-utils` (the linter behind
 * the VS Code Docker extension; hadolint is in neither npm nor Debian), and
 * checked by rule: multi-stage, pinned base image, non-root numeric USER,
 * HEALTHCHECK, every workspace manifest copied for `npm ci`, and a showcase
 * install that holds no DuckDB, proven with npm's own dry run of the image's
 * install command.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helm-binary.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of the last stage. */
function finalStage(instructions: readonly Instruction[]): Instruction[] {
  const last = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return instructions.slice(last);
}

function listWorkspaceManifests(): string[] {
  return ['packages', 'apps']
    .flatMap((dir) =>
      readdirSync(join(REPO_ROOT, dir)).map(
        (name) => `${dir}/${name}/package.json`,
      ),
    )
    .sort();
}

const DOCKERFILES = [
  'deploy/docker/showcase.Dockerfile',
  'deploy/docker/collector.Dockerfile',
];

describe.each(DOCKERFILES)('%s', (file) => {
  const instructions = parseDockerfile(
    readFileSync(join(REPO_ROOT, file), 'utf8'),
  );
  const stages = instructions.filter((i) => i.keyword === 'FROM');

  it('builds in several named stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const stage of stages) {
      expect(stage.args).toMatch(/ AS [a-z]+$/);
    }
  });

  it('pins its base image to an exact Node version, never latest', () => {
    const arg = instructions.find(
      (i) => i.keyword === 'ARG' && i.args.startsWith('NODE_VERSION='),
    );
    expect(arg?.args).toMatch(/^NODE_VERSION=\d+\.\d+\.\d+$/);
    for (const stage of stages) {
      expect(stage.args).toMatch(
        /^node:\$\{NODE_VERSION\}-(alpine|bookworm-slim) AS /,
      );
      expect(stage.args).not.toContain('latest');
    }
  });

  it('runs as a numeric non-root user with a health check', () => {
    const last = finalStage(instructions);
    const user = last.filter((i) => i.keyword === 'USER').at(-1);
    expect(user?.args).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(
      last.some((i) => i.keyword === 'HEALTHCHECK' && i.args.includes('CMD')),
    ).toBe(true);
  });

  it('copies every workspace manifest, so npm ci sees the lockfile it expects', () => {
    const copied = instructions
      .filter((i) => i.keyword === 'COPY' && i.args.includes('package.json'))
      .map((i) => i.args.split(' ')[0]!);
    for (const manifest of listWorkspaceManifests()) {
      expect(copied).toContain(manifest);
    }
  });

  it('installs with npm ci from the lockfile, without running package scripts', () => {
    const installs = instructions.filter(
      (i) => i.keyword === 'RUN' && i.args.includes('npm '),
    );
    expect(installs.some((i) => i.args.includes('npm ci'))).toBe(true);
    expect(installs.every((i) => !/npm (install|i) /.test(i.args))).toBe(true);
    for (const install of installs.filter((i) => i.args.includes('npm ci'))) {
      expect(install.args).toContain('--ignore-scripts');
    }
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output and git history out of the build context', () => {
    const patterns = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(patterns).toEqual(
      expect.arrayContaining(['.git', '**/node_modules', '**/dist']),
    );
  });
});

describe('the showcase image install', () => {
  it('installs the SDK and the showcase with no DuckDB, collector or dev tool', () => {
    const instructions = parseDockerfile(
      readFileSync(
        join(REPO_ROOT, 'deploy/docker/showcase.Dockerfile'),
        'utf8',
      ),
    );
    const install = instructions.find(
      (i) => i.keyword === 'RUN' && i.args.includes('--omit=dev'),
    )!;
    const command = install.args.split('&&')[0]!.trim().split(/\s+/);
    expect(command.slice(0, 2)).toEqual(['npm', 'ci']);
    const dir = mkdtempSync(join(tmpdir(), 'pathprof-showcase-install-'));
    try {
      for (const file of [
        'package.json',
        'package-lock.json',
        ...listWorkspaceManifests(),
      ]) {
        mkdirSync(join(dir, dirname(file)), { recursive: true });
        cpSync(join(REPO_ROOT, file), join(dir, file));
      }
      const out = execFileSync(
        'npm',
        [...command.slice(1), '--dry-run', '--offline'],
        {
          cwd: dir,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      const added = out
        .split('\n')
        .filter((l) => l.startsWith('add '))
        .map((l) => l.split(' ')[1]!);
      expect(added).toContain('@pathprof/sdk');
      expect(added).toContain('@pathprof/showcase');
      const unwanted = added.filter((name) =>
        /duckdb|^@pathprof\/(store|collector|cli|web|engine)$|^(fastify|typescript|vitest|vite|eslint)$/.test(
          name,
        ),
      );
      expect(unwanted).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Dockerfile lint', () => {
  it.each(['collector.Dockerfile', 'showcase.Dockerfile'])(
    '%s has no lint findings',
    (name) => {
      const text = readFileSync(
        join(REPO_ROOT, 'deploy', 'docker', name),
        'utf8',
      );
      expect(
        validate(text).map((d) => [d.range.start.line + 1, d.message]),
      ).toEqual([]);
    },
  );

  it('finds the faults of a broken Dockerfile (the linter is live)', () => {
    const findings = validate('FROM node:20\nEXPOSE port\nHEALTHCHECK CMD\n');
    expect(findings.length).toBeGreaterThanOrEqual(2);
  });
});
