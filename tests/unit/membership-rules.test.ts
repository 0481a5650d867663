import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benefitsFor, DEFAULT_MEMBERSHIP_SETTINGS, earlyHours, windowRefusal } from '../../shared/membership/benefits';
import { levelFor } from '../../shared/membership/levels';
import { dueExpiries, expiryOf, nextExpiry, remainingLots, type Lot } from '../../shared/membership/points';
import { BlockSchema } from '../../shared/campaign/blocks';
import { CheckinBodySchema, GatheringInputSchema, quizScore } from '../../shared/gathering/schema';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('levels follow the relationship, never money', () => {
  it('初识 → 同行 → 挚友 → 知己 by months since the first attended consult and visits', () => {
    expect(levelFor({ sessions: 0, gatherings: 0 }, NOW)).toBe('chushi');
    expect(levelFor({ sessions: 0, gatherings: 1 }, NOW)).toBe('tongxing');
    expect(levelFor({ firstAttendedAt: '2026-10-01T00:00:00Z', sessions: 6, gatherings: 2 }, NOW)).toBe('tongxing'); // 2 months
    expect(levelFor({ firstAttendedAt: '2026-09-01T00:00:00Z', sessions: 3, gatherings: 1 }, NOW)).toBe('zhiyou');
    expect(levelFor({ firstAttendedAt: '2025-11-30T00:00:00Z', sessions: 8, gatherings: 2 }, NOW)).toBe('zhiji');
    expect(levelFor({ firstAttendedAt: '2025-11-30T00:00:00Z', sessions: 8, gatherings: 1 }, NOW)).toBe('zhiyou');
  });
});

describe('benefit rules', () => {
  it('apply by level or by internal tier; the longest early window wins', () => {
    const rules = benefitsFor(DEFAULT_MEMBERSHIP_SETTINGS, 'chushi', 'core');
    expect(rules.map((r) => r.kind)).toEqual(['early_themeday', 'early_gathering']);
    expect(earlyHours(rules, 'early_themeday')).toBe(24);
    expect(benefitsFor(DEFAULT_MEMBERSHIP_SETTINGS, 'chushi', 'basic').map((r) => r.kind)).toEqual(['course_access']);
  });

  it('a window opens `hours` early for members and at the general time for everyone else', () => {
    const open = new Date('2026-12-02T00:00:00Z');
    expect(windowRefusal(open, 24, new Date('2026-12-01T00:00:00Z'))).toBeNull();
    expect(windowRefusal(open, 0, new Date('2026-12-01T23:59:59Z'))).toEqual({ opensAt: open.toISOString(), early: false });
    expect(windowRefusal(open, 24, new Date('2026-11-30T23:59:59Z'))?.opensAt).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('points expire first in, first out, 12 months after they were earned', () => {
  const lot = (cause: string, points: number, earnedAt: string): Lot => ({ cause, points, earnedAt, expiresAt: expiryOf(earnedAt) });

  it('what was used comes out of the oldest lots; the rest expires on its date', () => {
    const lots = [lot('a', 30, '2025-11-01T00:00:00Z'), lot('b', 40, '2026-01-01T00:00:00Z'), lot('c', 10, '2026-11-01T00:00:00Z')];
    expect(expiryOf('2025-11-01T00:00:00Z')).toBe('2026-11-01T00:00:00.000Z');
    expect(dueExpiries(lots, 0, NOW)).toEqual([{ cause: 'a', points: 30 }]);
    expect(dueExpiries(lots, 50, NOW)).toEqual([]);
    expect(remainingLots(lots, 50).map((l) => l.remaining)).toEqual([0, 20, 10]);
    expect(nextExpiry(lots, 50, NOW)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('never expires more than was earned and not used (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ points: fc.integer({ min: 1, max: 500 }), daysAgo: fc.integer({ min: 0, max: 800 }) }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 3000 }),
        (raw, usedWanted) => {
          const lots = raw.map((r, i) => lot(`l${i}`, r.points, new Date(NOW.getTime() - r.daysAgo * 86_400_000).toISOString()));
          const earned = lots.reduce((s, l) => s + l.points, 0);
          const used = Math.min(usedWanted, earned);
          const due = dueExpiries(lots, used, NOW).reduce((s, d) => s + d.points, 0);
          const left = remainingLots(lots, used).reduce((s, l) => s + l.remaining, 0);
          expect(left).toBe(earned - used);
          expect(due).toBeLessThanOrEqual(left);
          expect(dueExpiries(lots, used + due, NOW)).toEqual([]);
        },
      ),
    );
  });
});

describe('gathering input', () => {
  const base = { kind: 'talk', title: '讲座', mode: 'offline', address: '活动室', startsAt: '2026-12-10T11:30:00Z', endsAt: '2026-12-10T13:00:00Z', capacity: 10 };
  it('names the field that is wrong', () => {
    expect(GatheringInputSchema.safeParse(base).success).toBe(true);
    const online = GatheringInputSchema.safeParse({ ...base, mode: 'online' });
    expect(online.success || online.error.issues[0].path).toEqual(['link']);
    const quiz = GatheringInputSchema.safeParse({ ...base, kind: 'quiz' });
    expect(quiz.success || quiz.error.issues[0].path).toEqual(['quiz']);
  });
  it('reads a typed or scanned check-in code; the quiz score counts right answers', () => {
    expect(CheckinBodySchema.parse({ code: ' ab3def ' }).code).toBe('AB3DEF');
    expect(CheckinBodySchema.parse({ code: 'ripple-checkin:AB3DEF' }).code).toBe('AB3DEF');
    expect(CheckinBodySchema.safeParse({ code: 'AB1DEF' }).success).toBe(false);
    expect(quizScore([{ text: 'q', options: ['a', 'b'], answer: 1 }, { text: 'r', options: ['a', 'b'], answer: 0 }], [1, 1])).toEqual({ correct: 1, total: 2 });
  });
});

describe('a campaign page can point to a gathering', () => {
  it('a gathering button must name its gathering', () => {
    expect(BlockSchema.safeParse({ kind: 'cta', label: '报名讲座', action: 'gathering', gatheringId: '01SEEDGATHERING0000000TALK' }).success).toBe(true);
    const missing = BlockSchema.safeParse({ kind: 'cta', label: '报名讲座', action: 'gathering' });
    expect(missing.success || missing.error.issues[0].path).toEqual(['gatheringId']);
    expect(BlockSchema.safeParse({ kind: 'cta', label: '注册', action: 'signup' }).success).toBe(true);
  });
});
