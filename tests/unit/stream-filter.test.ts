import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import analyticsFilter from '../../functions/analytics/stream-filter.json';
import referralFilter from '../../functions/referral/stream-filter.json';
import { passesFilters } from '../../functions/local/stream-filter';

/** A stream record as Lambda delivers it (attribute-value maps), for the keys and images that matter here. */
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, sk: string, images: { old?: Record<string, string>; new?: Record<string, string> } = {}): DynamoDBRecord {
  const av = (o?: Record<string, string>) => (o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { S: v }])) : undefined);
  return { eventName, dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, OldImage: av(images.old), NewImage: av(images.new) } } as DynamoDBRecord;
}

describe('the stream triggers’ filters, as played locally', () => {
  it('gives the analytics counters the items they read and nothing else', () => {
    expect(passesFilters(analyticsFilter, record('INSERT', 'USER#u1', 'PTS#2026'))).toBe(true);
    expect(passesFilters(analyticsFilter, record('MODIFY', 'BOOKING#b1', 'BOOKING'))).toBe(true);
    expect(passesFilters(analyticsFilter, record('INSERT', 'GATHERING#g1', 'REG#u1'))).toBe(true);
    // The gathering itself (its seat counter changes on every registration) is not counted: not delivered.
    expect(passesFilters(analyticsFilter, record('MODIFY', 'GATHERING#g1', 'GATHERING'))).toBe(false);
    expect(passesFilters(analyticsFilter, record('MODIFY', 'STATS#TIERS', 'm|issued|c|x'))).toBe(false);
  });

  it('wakes the referral consumer only for the changes it acts on', () => {
    expect(passesFilters(referralFilter, record('INSERT', 'USER#u1', 'PROFILE'))).toBe(true);
    expect(passesFilters(referralFilter, record('MODIFY', 'USER#u1', 'PROFILE'))).toBe(false);
    expect(passesFilters(referralFilter, record('MODIFY', 'BOOKING#b1', 'BOOKING', { new: { status: 'attended' } }))).toBe(true);
    expect(passesFilters(referralFilter, record('MODIFY', 'BOOKING#b1', 'BOOKING', { new: { status: 'cancelled' } }))).toBe(false);
    // `exists`: a referral that has qualified, not one that has not.
    expect(passesFilters(referralFilter, record('MODIFY', 'USER#u1', 'REFERRAL', { new: { qualifiedAt: '2026-12-01T00:00:00Z' } }))).toBe(true);
    expect(passesFilters(referralFilter, record('MODIFY', 'USER#u1', 'REFERRAL', { new: { acceptedAt: '2026-12-01T00:00:00Z' } }))).toBe(false);
    // A waitlisted client taking a seat, not a registered one cancelling.
    expect(passesFilters(referralFilter, record('MODIFY', 'GATHERING#g1', 'REG#u1', { old: { status: 'waitlisted' }, new: { status: 'pending_payment' } }))).toBe(true);
    expect(passesFilters(referralFilter, record('MODIFY', 'GATHERING#g1', 'REG#u1', { old: { status: 'registered' }, new: { status: 'cancelled' } }))).toBe(false);
  });

  it('matches `exists: false` on an absent field and refuses operators it does not know', () => {
    const absent = [{ dynamodb: { NewImage: { qualifiedAt: { S: [{ exists: false }] } } } }];
    expect(passesFilters(absent, record('INSERT', 'USER#u1', 'REFERRAL', { new: { acceptedAt: 'x' } }))).toBe(true);
    expect(passesFilters(absent, record('INSERT', 'USER#u1', 'REFERRAL', { new: { qualifiedAt: 'x' } }))).toBe(false);
    expect(() => passesFilters([{ eventName: [{ 'anything-but': ['REMOVE'] }] }], record('INSERT', 'USER#u1', 'PROFILE'))).toThrow(/unsupported matcher/);
  });
});
