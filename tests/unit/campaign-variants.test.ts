import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseVariant, unitInterval } from '../../shared/campaign/variants';

const variants = [
  { id: 'A', weight: 70 },
  { id: 'B', weight: 30 },
];

describe('variant assignment', () => {
  it('is deterministic: the same campaign and visitor always get the same variant', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 8, maxLength: 64 }), (campaign, visitor) => {
        expect(chooseVariant(variants, campaign, visitor)).toBe(chooseVariant(variants, campaign, visitor));
      }),
    );
  });

  it('never picks a variant with weight 0, and always picks one when any weight is above 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 100 }), { minLength: 1, maxLength: 3 }),
        fc.string({ minLength: 8 }),
        (weights, visitor) => {
          const vs = weights.map((weight, i) => ({ id: `v${i}`, weight }));
          const chosen = chooseVariant(vs, 'c1', visitor);
          if (weights.every((w) => w === 0)) expect(chosen).toBeUndefined();
          else expect(chosen!.weight).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('respects the weights over many visitors (70/30 within ±2 points over 20,000 ids)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (campaign) => {
        let a = 0;
        const n = 20_000;
        for (let i = 0; i < n; i++) if (chooseVariant(variants, campaign, `visitor-${i}`)!.id === 'A') a++;
        expect(a / n).toBeGreaterThan(0.68);
        expect(a / n).toBeLessThan(0.72);
      }),
      { numRuns: 5 },
    );
  });

  it('a visitor’s bucket in one campaign says nothing about another campaign', () => {
    let same = 0;
    for (let i = 0; i < 10_000; i++) if (chooseVariant(variants, 'c1', `v-${i}`)!.id === chooseVariant(variants, 'c2', `v-${i}`)!.id) same++;
    // independent 70/30 draws agree with probability 0.7² + 0.3² = 0.58
    expect(same / 10_000).toBeCloseTo(0.58, 1);
  });

  it('maps ids into [0, 1)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const u = unitInterval(s);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }));
  });
});
