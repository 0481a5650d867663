import type { GatheringInput } from '../../shared/gathering/schema';
import { isConditionFailure } from '../db/client';
import { putGathering, type GatheringRecord } from '../db/gathering';

/** One published free talk about a week after `npm start`, capacity 10 (idempotent: a fixed id). */
export const SEED_GATHERING_ID = '01SEEDGATHERING0000000TALK';

export function seedTalk(now: Date): GatheringInput {
  // 19:30 Beijing time, seven days from today.
  const day = new Date(now.getTime() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const startsAt = new Date(`${day}T19:30:00+08:00`).toISOString();
  const endsAt = new Date(`${day}T21:00:00+08:00`).toISOString();
  return {
    kind: 'talk',
    title: '和焦虑做朋友：一场温和的入门讲座',
    summary: '了解焦虑从哪里来，以及几种日常可用的自我照顾方法。',
    mode: 'offline',
    address: '北京市朝阳区涟漪心理咨询中心 3 层活动室',
    startsAt,
    endsAt,
    capacity: 10,
    price: 0,
    blocks: [
      { kind: 'title', text: '和焦虑做朋友', subtitle: '一场温和的入门讲座' },
      {
        kind: 'richText',
        paragraphs: [
          { text: '焦虑是身体在提醒我们注意某些事情。这场讲座由林静老师主讲，介绍焦虑的常见来源和几种简单的自我照顾方法。', style: 'normal' },
          { text: '讲座面向所有人，不需要任何准备。你可以只是来听一听。', style: 'emphasis' },
        ],
      },
    ],
    earlyLevels: [],
    earlyTiers: [],
    earlyHours: 24,
  };
}

export async function seedGathering(now = new Date()): Promise<void> {
  const g: GatheringRecord = {
    ...seedTalk(now),
    id: SEED_GATHERING_ID,
    status: 'published',
    registered: 0,
    attended: 0,
    waitSeq: 0,
    createdBy: 'seed',
    createdAt: now.toISOString(),
    publishedAt: now.toISOString(),
  };
  try {
    await putGathering(g);
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}
