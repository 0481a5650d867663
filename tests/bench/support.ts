import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTable } from '../../functions/db/admin';
import { freePort, startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo';
import { createApiServer, listen } from '../../functions/local/server';

/**
 * What every benchmark section shares: the Section shape, one way to print a figure, and the resources a
 * section may need (started on first use, stopped by run.ts when all sections are done).
 */

export const ROOT = join(import.meta.dirname, '..', '..');

/** One named part of `npm run bench`; it prints its figures with `report` and throws only if it cannot measure. */
export interface Section {
  name: string;
  run(): Promise<void>;
}

/** Prints `label: value unit (target …)`, the one line format every section uses. */
export function report(label: string, value: number | string, unit: string, target?: string): void {
  console.log(`${label}: ${value} ${unit}${target ? ` (${target})` : ''}`);
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `task(i)` for i in [0, n) with at most `limit` in flight; returns the elapsed seconds. */
export async function pool(n: number, limit: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

const cleanups: (() => Promise<void> | void)[] = [];

/** Registers something to undo when the bench ends (temp folders, servers); run in reverse order. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      console.error('cleanup failed:', err);
    }
  }
}

let dynamo: Promise<DynamoLocal> | undefined;

/**
 * A fresh table in DynamoDB Local (the engine starts once, on first use, and stops when the bench ends),
 * with STAGE, DYNAMODB_ENDPOINT and TABLE_NAME pointing the handlers at it.
 */
export async function freshTable(): Promise<string> {
  if (!dynamo) {
    dynamo = freePort().then(startDynamoLocal);
    const started = dynamo;
    onCleanup(async () => (await started).stop());
  }
  process.env.STAGE = 'local';
  process.env.DYNAMODB_ENDPOINT = (await dynamo).endpoint;
  process.env.LOG_LEVEL ??= 'SILENT';
  // Throughput runs push DynamoDB Local hard on a shared machine: don't let the 3 s production timeout cut them.
  process.env.DYNAMODB_CONNECT_TIMEOUT_MS ??= '10000';
  process.env.DYNAMODB_REQUEST_TIMEOUT_MS ??= '30000';
  const name = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  process.env.TABLE_NAME = name;
  await createTable(name);
  return name;
}

/** The local HTTP API (the Lambda handlers behind the real adapter) on a free port, closed when the bench ends; returns its URL. */
export async function startLocalApi(): Promise<string> {
  const server: Server = createApiServer();
  const port = await listen(server, 0);
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${port}`;
}

let serverlessConfig: Promise<ServerlessConfig> | undefined;

export interface ServerlessConfig {
  functions: Record<string, { handler: string }>;
  custom: { esbuild: Record<string, unknown> };
}

/** serverless.yml as osls resolves it (variables filled in), so the bench measures what would be deployed. */
export function resolvedServerlessConfig(): Promise<ServerlessConfig> {
  serverlessConfig ??= promisify(execFile)(join(ROOT, 'node_modules/.bin/osls'), ['print', '--format', 'json', '--stage', 'bench'], {
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'offline', AWS_SECRET_ACCESS_KEY: 'offline' },
    maxBuffer: 16 * 1024 * 1024,
  }).then(({ stdout }) => JSON.parse(stdout.slice(stdout.indexOf('{'))) as ServerlessConfig);
  return serverlessConfig;
}
