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
  it("zod is imported only as `import * as z from 'zod/mini'`: classic zod's methods cannot be tree-shaken (≈ 94 KB in every bundle), and `import { z }` keeps all of it", () => {
    const offenders = ['functions', 'shared', 'miniapp/src']
      .flatMap(sources)
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/import\s+([^;]*?)\s*from\s*['"](zod(?:\/[^'"]*)?)['"]/g)]
          .filter(([, what, from]) => from !== 'zod/locales' && !(from === 'zod/mini' && /^(type\s+)?\*\s+as\s+z$/.test(what)))
          .map(([statement]) => `${f}: ${statement}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the zod locale is imported by name: `z.locales` keeps every locale (≈ 260 KB) in the bundle', () => {
    const offenders = ['functions', 'shared', 'miniapp/src']
      .flatMap(sources)
      .filter((f) => /\bz\.locales\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('luxon is not imported (≈ 71 KB, not tree-shakeable): dates are date-fns with @date-fns/tz, zone helpers in shared/time.ts', () => {
    const offenders = ['functions', 'shared', 'miniapp/src']
      .flatMap(sources)
      .filter((f) => /(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"]luxon(?:\/[^'"]*)?['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('Lambda code imports application modules statically: a dynamic import() keeps every export of the module and of all it reaches (membership carried the whole DynamoDB client and `ics`, 420 KB)', () => {
    const offenders = ['functions', 'shared']
      .flatMap(sources)
      .filter((f) => !f.includes(`${join('functions', 'local')}`))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bimport\s*\(\s*['"`](\.[^'"`]*)['"`]/g)].map((m) => `${f}: import('${m[1]}')`));
    expect(offenders).toEqual([]);
  });

  it('shared/ runs nothing at import time (build/esbuild-plugins.cjs tells esbuild so, and drops shared modules a bundle uses nothing from): only declarations at the top level', () => {
    const declaration = /^(export|import|const|let|function|async function|type|interface|class|declare|enum)\b|^[\])};,]|^\/[/*]|^\s|^\*|^$/;
    const offenders = sources('shared').flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => !declaration.test(line))
        .map(({ line, i }) => `${f}:${i + 1}: ${line}`),
    );
    expect(offenders).toEqual([]);
  });
});

/** Every page the mini-program has, read from app.config.ts (main package and sub-packages). */
function appPages(): Set<string> {
  const config = readFileSync(join(ROOT, 'miniapp/src/app.config.ts'), 'utf8');
  const main = [...config.matchAll(/'(pages\/[\w-]+\/[\w-]+)'/g)].map((m) => m[1]);
  const subs = [...config.matchAll(/root: '(pages\/[\w-]+)', pages: \[([^\]]*)\]/g)].flatMap(([, root, list]) =>
    [...list.matchAll(/'([\w-]+)'/g)].map((m) => `${root}/${m[1]}`),
  );
  return new Set([...main, ...subs]);
}

describe('links into the mini-program', () => {
  it('every page path the backend, shared code and pages link to (reminders, posters, recommendations, navigation) exists', () => {
    const pages = appPages();
    expect(pages).toContain('pages/booking/confirm');
    expect(pages).toContain('pages/counselor/index');
    const linked = ['functions', 'shared', 'miniapp/src']
      .flatMap(sources)
      .filter((f) => !f.endsWith('app.config.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['`]\/?(pages\/[\w-]+\/[\w-]+(?:\/[\w-]+)?)[?'`]/g)].map((m) => ({ f, page: m[1] })));
    expect(linked.length).toBeGreaterThan(20);
    expect(linked.filter(({ page }) => !pages.has(page))).toEqual([]);
  });
});
