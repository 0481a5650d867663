import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, type Band, type InstrumentId } from '../../shared/selftest/instruments';
import { recommendationsFor } from '../../shared/selftest/recommendations';
import { answersSchemaFor } from '../../shared/selftest/schema';
import { InvalidAnswersError, scoreAnswers } from '../../shared/selftest/scoring';

/** An answer vector with the given total and item 9 kept at 0 (so only the band decides crisis). */
function vectorWithTotal(n: number, total: number): number[] {
  const answers = Array(n).fill(0);
  let left = total;
  for (let i = 0; i < n - 1 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i];
  }
  if (left > 0) answers[n - 1] = left;
  return answers;
}

// Published cut-offs: PHQ-9 (Kroenke 2001), GAD-7 (Spitzer 2006). Every edge, both sides.
const EDGES: [InstrumentId, number, Band][] = [
  ['phq9', 0, 'minimal'], ['phq9', 4, 'minimal'], ['phq9', 5, 'mild'], ['phq9', 9, 'mild'],
  ['phq9', 10, 'moderate'], ['phq9', 14, 'moderate'], ['phq9', 15, 'moderately_severe'],
  ['phq9', 19, 'moderately_severe'], ['phq9', 20, 'severe'], ['phq9', 24, 'severe'],
  ['gad7', 0, 'minimal'], ['gad7', 4, 'minimal'], ['gad7', 5, 'mild'], ['gad7', 9, 'mild'],
  ['gad7', 10, 'moderate'], ['gad7', 14, 'moderate'], ['gad7', 15, 'severe'], ['gad7', 21, 'severe'],
];

describe('self-test scoring at the published cut-offs', () => {
  it.each(EDGES)('%s total %i is %s', (id, total, band) => {
    const n = INSTRUMENTS[id].items.length;
    const answers = id === 'phq9' ? [...vectorWithTotal(8, total), 0] : vectorWithTotal(n, total);
    const s = scoreAnswers(id, answers);
    expect(s.score).toBe(total);
    expect(s.band).toBe(band);
    expect(s.crisis).toBe(band === 'severe');
  });

  it('PHQ-9 all threes is 27, severe, crisis', () => {
    expect(scoreAnswers('phq9', Array(9).fill(3))).toEqual({ instrument: 'phq9', score: 27, band: 'severe', crisis: true });
  });

  it('PHQ-9 item 9 above 0 is a crisis even at a minimal total', () => {
    const s = scoreAnswers('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(s.band).toBe('minimal');
    expect(s.crisis).toBe(true);
  });

  it('GAD-7 item 7 has no self-harm rule: a high last answer alone is not a crisis', () => {
    expect(scoreAnswers('gad7', [0, 0, 0, 0, 0, 0, 3]).crisis).toBe(false);
  });

  it('a crisis result offers crisis lines first and nothing that sells', () => {
    const recs = recommendationsFor('mild', true);
    expect(recs[0].target).toBe('tel:12356');
    expect(recs.map((r) => r.title).join()).toContain('400-161-9995');
    expect(recs.some((r) => r.kind === 'consult' || r.kind === 'course')).toBe(false);
  });

  it('a moderate result leads with the free consult', () => {
    expect(recommendationsFor('moderate', false)[0].kind).toBe('consult');
  });
});

describe('self-test scoring properties', () => {
  for (const id of ['phq9', 'gad7'] as const) {
    const n = INSTRUMENTS[id].items.length;
    const valid = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n });

    it(`${id}: every valid answer vector scores in range, to the sum, in a band that contains it`, () => {
      fc.assert(
        fc.property(valid, (answers) => {
          const s = scoreAnswers(id, answers);
          const band = INSTRUMENTS[id].bands.find((b) => b.band === s.band)!;
          return s.score === answers.reduce((a, b) => a + b, 0) && s.score >= band.min && s.score <= band.max && s.score <= 3 * n;
        }),
      );
    });

    it(`${id}: every invalid vector is refused by the schema and by the scorer`, () => {
      const wrongLength = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 20 }).filter((a) => a.length !== n);
      const outOfRange = fc
        .tuple(valid, fc.nat({ max: n - 1 }), fc.oneof(fc.integer({ min: 4, max: 1000 }), fc.integer({ min: -1000, max: -1 }), fc.double({ min: 0.1, max: 2.9, noInteger: true })))
        .map(([a, i, bad]) => a.map((v, j) => (j === i ? bad : v)));
      fc.assert(
        fc.property(fc.oneof(wrongLength, outOfRange), (answers) => {
          expect(answersSchemaFor(n).safeParse({ answers }).success).toBe(false);
          expect(() => scoreAnswers(id, answers)).toThrow(InvalidAnswersError);
        }),
      );
    });
  }
});
