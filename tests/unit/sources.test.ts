import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('source conventions that keep the Lambda bundles small', () => {
  it('zod is imported as a namespace: `import { z }` keeps all of zod (≈ 450 KB) in every bundle', () => {
    const offenders = ['functions', 'shared', 'miniapp/src']
      .flatMap(sources)
      .filter((f) => /import\s*\{\s*z\s*\}\s*from\s*['"]zod['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
