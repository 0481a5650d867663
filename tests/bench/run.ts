/**
 * `npm run bench [section …]`: prints one figure per line as `name: value unit (target …)`.
 *
 * Each section lives in its own file beside this one and exports a `Section` (support.ts). To add one:
 * import it below and append it to `sections`. Sections that need DynamoDB Local call `freshTable()`;
 * whatever they start is stopped here when all sections are done, even after a failure or Ctrl-C.
 */
import { analyticsBench } from './analytics';
import { analyticsSpikeBench } from './analytics-spike';
import { bookingBench } from './booking';
import { careBench } from './care';
import { coldStartBench } from './cold-start';
import { h5Bundles } from './h5';
import { lambdaLoad } from './lambda-load';
import { lighthouseBench } from './lighthouse';
import { lambdaSize } from './lambda-size';
import { paymentBench } from './payment';
import { membershipBench } from './membership';
import { referralBench } from './referral';
import { startupBench } from './startup';
import { cleanupAll, type Section } from './support';
import { weappSize } from './weapp-size';

// The SDK is pinned (package.json); its notice that future releases need Node 22 is known.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const sections: Section[] = [
  weappSize,
  lambdaSize,
  lambdaLoad,
  bookingBench,
  referralBench,
  analyticsBench,
  careBench,
  paymentBench,
  analyticsSpikeBench,
  startupBench,
  h5Bundles,
  coldStartBench,
  lighthouseBench,
  membershipBench,
];

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}`);
  let failed = 0;
  for (const section of sections.filter((s) => !wanted.length || wanted.includes(s.name))) {
    try {
      await section.run();
    } catch (err) {
      failed++;
      console.log(`${section.name}: FAILED (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return failed;
}

const interrupted = () => void cleanupAll().finally(() => process.exit(130));
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

main()
  .then(async (failed) => {
    await cleanupAll();
    process.exit(failed ? 1 : 0);
  })
  .catch(async (err) => {
    console.error(err);
    await cleanupAll();
    process.exit(1);
  });
