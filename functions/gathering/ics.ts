import { createEvent } from 'ics';
import { GATHERING_KIND_NAMES } from '../../shared/gathering/schema';
import type { GatheringRecord, RegistrationRecord } from '../db/gathering';

// Its own module so that only the .ics route's import graph carries `ics` (and runes2, nanoid): gathering/service
// is shared with other capabilities' bundles.

export function icsForGathering(g: GatheringRecord, reg: RegistrationRecord): string {
  const where = g.mode === 'online' ? g.link : g.address;
  const { error, value } = createEvent({
    uid: `${g.id}-${reg.userId}@ripple`,
    productId: 'ripple/gathering',
    title: `${GATHERING_KIND_NAMES[g.kind]}｜${g.title}`,
    description: `${g.summary ? `${g.summary}\n` : ''}签到码：${reg.code}（到场时出示）。`,
    ...(where ? { location: where } : {}),
    ...(g.mode === 'online' && g.link ? { url: g.link } : {}),
    start: Date.parse(g.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(g.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    alarms: [
      { action: 'display', description: g.title, trigger: { hours: 24, before: true } },
      { action: 'display', description: g.title, trigger: { minutes: 60, before: true } },
    ],
  });
  if (error || !value) throw error ?? new Error('ics: no calendar produced');
  return value;
}
