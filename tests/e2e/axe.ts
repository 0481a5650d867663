import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core findings on what the page shows now (WCAG 2.1 A/AA and best practices). */
export async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  // A Taro toast ("已保存") fades in and out: checked mid-fade its text has a contrast it never has at rest, so wait
  // until it has gone (it stays 1.5 s) rather than judge a frame of its animation.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.taro__toast')).every((t) => getComputedStyle(t).display === 'none'), undefined, { timeout: 5_000 });
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return res.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
