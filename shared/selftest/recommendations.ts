import type { Band } from './instruments';

export type RecommendationKind = 'crisis' | 'reading' | 'course' | 'consult';

export interface Recommendation {
  kind: RecommendationKind;
  title: string;
  description: string;
  /** A page of the mini-program, or a phone number for crisis lines. */
  target: string;
}

const CRISIS: Recommendation[] = [
  { kind: 'crisis', title: '全国心理援助热线 12356', description: '全国统一心理援助热线，有专业人员接听', target: 'tel:12356' },
  { kind: 'crisis', title: '希望24热线 400-161-9995', description: '24 小时心理危机干预', target: 'tel:4001619995' },
  {
    kind: 'reading',
    title: '当情绪很重的时候，先照顾好自己',
    description: '几个能马上做的小步骤：联系一个信任的人，离开危险的物品，待在有人的地方。',
    target: '/pages/selftest/reading?id=safety',
  },
];

const READING: Record<Band, Recommendation> = {
  minimal: {
    kind: 'reading',
    title: '保持好状态的五个小习惯',
    description: '睡眠、运动、联结、专注、感恩——简单而有效的情绪保养。',
    target: '/pages/selftest/reading?id=habits',
  },
  mild: {
    kind: 'reading',
    title: '和压力相处：给自己留一点余地',
    description: '识别压力信号，用呼吸与书写帮自己松一口气。',
    target: '/pages/selftest/reading?id=stress',
  },
  moderate: {
    kind: 'reading',
    title: '为什么和咨询师聊聊会有帮助',
    description: '了解心理咨询是什么、适合谁、第一次会谈会发生什么。',
    target: '/pages/selftest/reading?id=counselling',
  },
  moderately_severe: {
    kind: 'reading',
    title: '情绪持续低落时，可以寻求哪些帮助',
    description: '咨询、精神科门诊和身边的支持，各自能做什么。',
    target: '/pages/selftest/reading?id=help',
  },
  severe: {
    kind: 'reading',
    title: '情绪持续低落时，可以寻求哪些帮助',
    description: '咨询、精神科门诊和身边的支持，各自能做什么。',
    target: '/pages/selftest/reading?id=help',
  },
};

const COURSE: Recommendation = {
  kind: 'course',
  title: '8 节情绪自助微课',
  description: '每节 10 分钟，练习觉察与放松。',
  target: '/pages/selftest/reading?id=course',
};

const CONSULT: Recommendation = {
  kind: 'consult',
  title: '免费 15 分钟咨询',
  description: '每月四个主题日，和专业咨询师聊一聊。',
  target: '/pages/booking/index',
};

/**
 * Next steps by result. A crisis result lists crisis lines first and nothing that sells:
 * no consult offer, voucher or invite.
 */
export function recommendationsFor(band: Band, crisis: boolean): Recommendation[] {
  if (crisis) return CRISIS;
  if (band === 'minimal') return [READING.minimal, COURSE];
  if (band === 'mild') return [READING.mild, COURSE, CONSULT];
  return [CONSULT, READING[band], COURSE];
}
