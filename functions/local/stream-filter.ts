import type { DynamoDBRecord } from 'aws-lambda';

/**
 * Lambda's event filtering for DynamoDB stream triggers, played locally with the same patterns serverless.yml gives
 * AWS (functions/<capability>/stream-filter.json). Without it the local stream hands every record to every consumer,
 * and a record type missing from the deployed filter would pass every test and be silently dropped in AWS.
 *
 * Supports what those files use: nested objects, lists of allowed values (OR), exact strings/numbers, `prefix` and
 * `exists`. Any other operator is refused, so a new pattern cannot be half understood here.
 */
export type FilterPattern = Record<string, unknown>;

type Matcher = string | number | { prefix: string } | { exists: boolean };

/** Whether `record` would be delivered under these patterns (a record matching any one pattern is). */
export function passesFilters(patterns: FilterPattern[], record: DynamoDBRecord): boolean {
  return patterns.some((p) => matchesObject(p, record as unknown as Record<string, unknown>));
}

function matchesObject(pattern: Record<string, unknown>, value: Record<string, unknown> | undefined): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = value?.[key];
    if (Array.isArray(expected)) return matchesList(expected as Matcher[], actual);
    if (expected && typeof expected === 'object') {
      // An absent field still has to be walked: `exists: false` below it matches.
      if (actual === undefined) return matchesObject(expected as Record<string, unknown>, undefined);
      return actual !== null && typeof actual === 'object' && matchesObject(expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    throw new Error(`stream filter: a pattern's leaf must be a list of matchers (at "${key}")`);
  });
}

function matchesList(matchers: Matcher[], actual: unknown): boolean {
  return matchers.some((m) => {
    if (typeof m === 'string' || typeof m === 'number') return actual === m;
    if ('prefix' in m) return typeof actual === 'string' && actual.startsWith(m.prefix);
    if ('exists' in m) return (actual !== undefined) === m.exists;
    throw new Error(`stream filter: unsupported matcher ${JSON.stringify(m)}`);
  });
}
