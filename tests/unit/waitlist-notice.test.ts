import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promotionHoldExpiresAt } from '../../shared/gathering/hold';
import { fitThing, waitlistNoticeData } from '../../shared/gathering/waitlist-notice';

// WeChat's rules for the keywords of the 「候补转正通知」 template (errcode 47003 when one is broken).
const TIME = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;
const PHRASE = /^[\u4e00-\u9fff]{1,5}$/;
const AMOUNT = /^¥\d{1,10}(\.\d+)?$/;
const chars = (s: string) => Array.from(s).length;

describe('the waitlist promotion message', () => {
  const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in Beijing
  const startsAt = '2026-12-08T11:00:00Z'; // 19:00 in Beijing

  it('a free seat: title, start in Beijing time, 已转正, nothing to pay', () => {
    expect(waitlistNoticeData({ title: '睡个好觉', startsAt, status: 'registered' }, now)).toEqual({
      thing1: { value: '睡个好觉' },
      time2: { value: '2026年12月8日 19:00' },
      phrase3: { value: '已转正' },
      amount4: { value: '¥0' },
      thing5: { value: '候补成功：你已获得这场活动的名额' },
    });
  });

  it('a held seat: the amount and the pay-by time (today: the clock; tomorrow: 明天)', () => {
    const today = waitlistNoticeData({ title: '工作坊', startsAt, status: 'pending_payment', amountDue: 99, holdExpiresAt: '2026-12-01T10:30:00Z' }, now);
    expect(today.phrase3.value).toBe('待支付');
    expect(today.amount4.value).toBe('¥99');
    expect(today.thing5.value).toBe('请在18:30前完成支付，否则名额将顺延');
    const tomorrow = waitlistNoticeData({ title: '工作坊', startsAt, status: 'pending_payment', amountDue: 99, holdExpiresAt: promotionHoldExpiresAt(startsAt, now) }, now);
    expect(tomorrow.thing5.value).toBe('请在明天10:00前支付，否则名额将顺延');
    const later = waitlistNoticeData({ title: '工作坊', startsAt, status: 'pending_payment', amountDue: 99, holdExpiresAt: '2026-12-05T10:30:00Z' }, now);
    expect(later.thing5.value).toBe('请在12月5日18:30前完成支付');
  });

  it('a long title is cut to 20 characters with an ellipsis, emoji kept whole', () => {
    expect(fitThing('一二三四五六七八九十一二三四五六七八九十一')).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(chars(fitThing('🌙'.repeat(30)))).toBe(20);
    expect(fitThing('🌙'.repeat(30)).startsWith('🌙'.repeat(19))).toBe(true);
  });

  it('every field stays within WeChat limits for any title, price, start and hold', () => {
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.integer({ min: 0, max: 100_000 }), instant, fc.integer({ min: 1, max: 30 * 24 * 60 }), fc.boolean(), (title, price, start, minutesAhead, paid) => {
        const at = new Date(start.getTime() - minutesAhead * 60_000);
        const d = waitlistNoticeData(
          { title, startsAt: start.toISOString(), status: paid ? 'pending_payment' : 'registered', amountDue: price, holdExpiresAt: promotionHoldExpiresAt(start.toISOString(), at) },
          at,
        );
        expect(chars(d.thing1.value)).toBeLessThanOrEqual(20);
        expect(chars(d.thing5.value)).toBeLessThanOrEqual(20);
        expect(d.time2.value).toMatch(TIME);
        expect(d.phrase3.value).toMatch(PHRASE);
        expect(d.amount4.value).toMatch(AMOUNT);
      }),
      { numRuns: 300 },
    );
  });
});
