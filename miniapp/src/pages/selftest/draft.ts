import { INSTRUMENT_IDS, INSTRUMENTS, type InstrumentId } from '../../../../shared/selftest/instruments';
import { recommendationsFor } from '../../../../shared/selftest/recommendations';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { scoreAnswers } from '../../../../shared/selftest/scoring';

/**
 * The anonymous self-test: questions, scoring and recommendations are the shared code the API uses too, so a
 * visitor sees the full result without signing in. The answers stay in this page's memory only (not in storage,
 * not on the server) until the person signs in and chooses to save them; closing or reloading the app forgets them.
 */

export interface DraftResult extends SelftestResult {
  answers: number[];
}

let draft: DraftResult | null = null;

export function instrumentSummaries() {
  return INSTRUMENT_IDS.map((id) => {
    const i = INSTRUMENTS[id];
    return { id, name: i.name, title: i.title, subtitle: i.subtitle, minutes: i.minutes, itemCount: i.items.length };
  });
}

/** Scores the answers on the device and keeps them as the one unsaved result. */
export function scoreOnDevice(instrument: InstrumentId, answers: number[]): DraftResult {
  const { score, band, crisis } = scoreAnswers(instrument, answers);
  draft = {
    id: 'draft',
    instrument,
    score,
    band,
    crisis,
    recommendations: recommendationsFor(band, crisis),
    createdAt: new Date().toISOString(),
    answers: [...answers],
  };
  return draft;
}

export function currentDraft(): DraftResult | null {
  return draft;
}

export function forgetDraft(): void {
  draft = null;
}
