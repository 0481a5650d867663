import { INSTRUMENTS, type Band, type InstrumentId } from './instruments';

export interface Score {
  instrument: InstrumentId;
  score: number;
  band: Band;
  /** True when the result must show crisis help first (severe band, or PHQ-9 item 9 above 0). */
  crisis: boolean;
}

export class InvalidAnswersError extends Error {}

/** Sums the items and bands the total at the published cut-offs; throws on answers that do not fit the instrument. */
export function scoreAnswers(instrumentId: InstrumentId, answers: readonly number[]): Score {
  const instrument = INSTRUMENTS[instrumentId];
  if (answers.length !== instrument.items.length) {
    throw new InvalidAnswersError(`${instrument.name} needs ${instrument.items.length} answers`);
  }
  for (const a of answers) {
    if (!Number.isInteger(a) || a < 0 || a > 3) throw new InvalidAnswersError('each answer is an integer 0–3');
  }
  const score = answers.reduce((sum, a) => sum + a, 0);
  const band = bandFor(instrumentId, score);
  return { instrument: instrumentId, score, band, crisis: needsCrisisHelp(instrumentId, answers, band) };
}

export function bandFor(instrumentId: InstrumentId, score: number): Band {
  const found = INSTRUMENTS[instrumentId].bands.find((b) => score >= b.min && score <= b.max);
  if (!found) throw new InvalidAnswersError(`score ${score} is outside the instrument's range`);
  return found.band;
}

/**
 * PHQ-9 item 9 (thoughts of self-harm) above 0 needs attention whatever the total
 * (Simon et al. 2013); a severe band does too.
 */
export function needsCrisisHelp(instrumentId: InstrumentId, answers: readonly number[], band: Band): boolean {
  const item9Positive = instrumentId === 'phq9' && answers[8] > 0;
  return item9Positive || band === 'severe';
}
