import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunctions, type HandlerBundle } from './bundles';
import { kb, onCleanup, report, type Section } from './support';

const TARGET_KB = 250;

let bundles: Promise<HandlerBundle[]> | undefined;

/** Every function's bundle, built once per bench run into a temp folder that is removed at the end. */
export function bundleHandlers(): Promise<HandlerBundle[]> {
  if (!bundles) {
    const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-bundles-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    bundles = bundleFunctions(dir);
  }
  return bundles;
}

export const lambdaSize: Section = {
  name: 'lambda-size',
  async run() {
    for (const b of await bundleHandlers()) {
      const verdict = b.bytes <= TARGET_KB * 1024 ? 'within' : 'OVER';
      report(`lambda ${b.fn} bundle (minified, AWS SDK inside)`, b.bytes, `bytes = ${kb(b.bytes)} KB`, `target ≤ ${TARGET_KB} KB: ${verdict}`);
    }
  },
};
