import { describe, expect, it } from 'vitest';
import { promotionHoldExpiresAt } from '../../shared/gathering/hold';
import { gatheringRefundNoFor, gatheringTradeNo, OUT_NO_PATTERN } from '../../shared/payment/rules';

const now = new Date('2026-12-01T08:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();

describe('a waitlisted person promoted to a priced seat', () => {
  it('gets 24 hours to pay when the gathering is days away', () => {
    expect(promotionHoldExpiresAt(inHours(72), now)).toBe(inHours(24));
  });
  it('must pay by an hour before the start when it is sooner', () => {
    expect(promotionHoldExpiresAt(inHours(5), now)).toBe(inHours(4));
  });
  it('always gets at least the usual 15 minutes', () => {
    expect(promotionHoldExpiresAt(inHours(0.5), now)).toBe(inHours(0.25));
  });
});

describe('seat order numbers', () => {
  it('are valid WeChat Pay numbers, with the refund named after the order', () => {
    const no = gatheringTradeNo('0MIN3ZK2A1B2C3D4E5F6A7B8C9');
    expect(no).toMatch(OUT_NO_PATTERN);
    expect(no.length).toBeLessThanOrEqual(32);
    expect(gatheringRefundNoFor(no)).toBe('RH0MIN3ZK2A1B2C3D4E5F6A7B8C9');
  });
});
