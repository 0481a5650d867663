import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/db/table';
import { routeKey } from '../../functions/http/route';
import { routesByFunction } from '../../functions/routes';
import analyticsFilter from '../../functions/analytics/stream-filter.json';
import referralFilter from '../../functions/referral/stream-filter.json';

/**
 * Packages serverless.yml offline (as `npm run package` does) and checks what AWS would get: a template that
 * cfn-lint accepts, the table functions/db/table.ts describes, and exactly the routes of functions/routes.ts on
 * the right function. A capability that adds a route but not its httpApi event (or the reverse) fails here.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAGE = 'ci';
const run = promisify(execFile);

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: unknown };
let outDir: string;
let template: { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'ripple-package-'));
  await run(join(ROOT, 'node_modules/.bin/osls'), ['package', '--stage', STAGE, '--package', outDir], {
    cwd: ROOT,
    // Packaging needs no AWS account: dummy keys keep the SDK from looking for real ones.
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'offline', AWS_SECRET_ACCESS_KEY: 'offline', STAGE: STAGE },
    maxBuffer: 16 * 1024 * 1024,
  });
  template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const resourcesOfType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** Logical id of a Lambda function resource → the function's name in serverless.yml (`ripple-ci-auth` → `auth`). */
function functionNameOf(logicalId: string): string {
  const fn = template.Resources[logicalId];
  return String(fn.Properties.FunctionName).replace(`ripple-${STAGE}-`, '');
}

/** Every HTTP API route in the template as `METHOD /path` → function name, following route → integration → Lambda. */
function packagedRoutes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, route] of resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
    const uri = template.Resources[integrationId].Properties.IntegrationUri;
    out.set(route.Properties.RouteKey, functionNameOf(uri['Fn::GetAtt'][0]));
  }
  return out;
}

/** Routes each function must serve in AWS: those enabled outside STAGE=local (dev-login is not). */
function expectedRoutes(): Map<string, string> {
  const saved = process.env.STAGE;
  process.env.STAGE = STAGE;
  try {
    const out = new Map<string, string>();
    for (const [fn, routes] of Object.entries(routesByFunction)) {
      for (const r of routes) if (r.enabled?.() ?? true) out.set(routeKey(r), fn);
    }
    return out;
  } finally {
    process.env.STAGE = saved;
  }
}

describe('npm run package (osls + serverless-esbuild, offline)', () => {
  it('passes cfn-lint with no errors or warnings', { timeout: 180_000 }, () => {
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (version.error || !/^cfn-lint 1\./.test(version.stdout)) {
      throw new Error(
        'cfn-lint 1.x (the Python tool: `pip install cfn-lint`) must be on PATH to check the packaged template; ' +
          `got: ${version.error?.message ?? version.stdout + version.stderr}`,
      );
    }
    const lint = spawnSync('cfn-lint', [join(outDir, 'cloudformation-template-update-stack.json')], { encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('declares the table exactly as functions/db/table.ts, with PITR and TTL on `ttl`', () => {
    const [[, table], ...others] = resourcesOfType('AWS::DynamoDB::Table');
    expect(others).toHaveLength(0);
    const want = tableDefinition(`ripple-${STAGE}`);
    const p = table.Properties;
    expect(p.TableName).toBe(want.TableName);
    expect(p.BillingMode).toBe(want.BillingMode);
    expect(p.StreamSpecification?.StreamViewType).toBe(want.StreamSpecification?.StreamViewType);
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...p.AttributeDefinitions].sort(byName)).toEqual([...want.AttributeDefinitions!].sort(byName));
    expect(p.KeySchema).toEqual(want.KeySchema);
    expect(p.GlobalSecondaryIndexes).toEqual(want.GlobalSecondaryIndexes);
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('serves every route of functions/routes.ts from its own function, and nothing else', () => {
    const packaged = packagedRoutes();
    const expected = expectedRoutes();
    const missing = [...expected]
      .filter(([key, fn]) => packaged.get(key) !== fn)
      .map(([key, fn]) => `functions.${fn}.events in serverless.yml lacks - httpApi: '${key}'`);
    const extra = [...packaged]
      .filter(([key, fn]) => expected.get(key) !== fn)
      .map(([key, fn]) => `serverless.yml routes '${key}' to ${fn}, but routesByFunction.${fn} has no such route`);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    // A local-only login must not exist in AWS: API Gateway answers 404 for it.
    expect(packaged.has('POST /auth/dev-login')).toBe(false);
  });

  it('has a Lambda function per capability with its own handler module, and a zip for every function', () => {
    const functions = resourcesOfType('AWS::Lambda::Function').map(([id, r]) => ({ name: functionNameOf(id), props: r.Properties }));
    const names = functions.map((f) => f.name);
    for (const fn of Object.keys(routesByFunction)) {
      expect(names, `routesByFunction.${fn} needs a functions.${fn} block in serverless.yml`).toContain(fn);
      expect(functions.find((f) => f.name === fn)!.props.Handler).toBe(`functions/${fn}/handler.handler`);
    }
    // Every function, HTTP or not (scheduled jobs, stream consumers), runs on the same runtime and settings.
    for (const { name, props } of functions) {
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Environment.Variables).toMatchObject({ STAGE, TABLE_NAME: `ripple-${STAGE}`, WECHAT_MODE: 'http' });
      expect(existsSync(join(outDir, `${name}.zip`)), `${name}.zip`).toBe(true);
    }
  });

  it('lets the functions touch only the table and its indexes', () => {
    const [[, role]] = resourcesOfType('AWS::IAM::Role');
    const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const dynamo = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) {
      expect(s.Action).not.toContain('dynamodb:*');
      for (const resource of [s.Resource].flat()) expect(JSON.stringify(resource)).toContain('"RippleTable"');
    }
  });

  it('has the analytics and referral stream consumers, each keeping records that keep failing in its own queue, alarmed to the ops topic', () => {
    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    const queues = mappings.map((m) => m.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).sort();
    expect(queues).toEqual(['AnalyticsStreamFailures', 'ReferralStreamFailures']);
    for (const q of queues) {
      expect(template.Resources[q].Type).toBe('AWS::SQS::Queue');
      // Someone hears about the first record given up on.
      const alarm = template.Resources[`${q}Alarm`].Properties;
      expect(alarm).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm.AlarmActions).toEqual([{ Ref: 'OpsAlerts' }]);
    }
    expect(template.Resources.OpsAlerts.Type).toBe('AWS::SNS::Topic');
    expect((template as unknown as { Outputs: Record<string, { Value: unknown }> }).Outputs.OpsAlertsTopicArn.Value).toEqual({ Ref: 'OpsAlerts' });
    // Lambda allows 5 filter patterns per trigger (10 on request): more and the deploy fails, which cfn-lint misses.
    // The patterns are the files the local stream filters by, so the tests saw what Lambda will deliver.
    const filters = Object.fromEntries(
      mappings.map((m) => [m.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0], m.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))]),
    );
    expect(filters.AnalyticsStreamFailures).toEqual(analyticsFilter);
    expect(filters.ReferralStreamFailures).toEqual(referralFilter);
    for (const f of Object.values(filters)) expect((f as unknown[]).length).toBeLessThanOrEqual(5);
    // DynamoDB allows two readers per stream shard: these two are all there may be.
    expect(mappings.every((m) => JSON.stringify(m.EventSourceArn).includes('RippleTable'))).toBe(true);
  });

  it('throttles the API, most tightly on the unauthenticated write routes', () => {
    const [[, stage]] = resourcesOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    const packaged = packagedRoutes();
    for (const [route, limits] of Object.entries(stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>)) {
      expect(packaged.has(route), route).toBe(true);
      expect(limits.ThrottlingRateLimit).toBeLessThan(100);
    }
    expect(Object.keys(stage.Properties.RouteSettings)).toEqual(expect.arrayContaining(['POST /events', 'POST /invites/{code}/open']));
  });
});
