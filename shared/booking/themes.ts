import { addDays, addWeeks, getISODay } from 'date-fns';
import { isoDateOf, shanghaiMonthStart } from '../time';

/** The four themes a month's free-consult days rotate through (the practice can write its own). */
export const DEFAULT_THEMES = [
  { theme: '职场压力', description: '工作节奏、绩效与倦怠：聊聊让你紧绷的那件事，找一个可以开始的小改变。' },
  { theme: '亲子关系', description: '孩子的情绪、学习与沟通：和咨询师一起理一理家里正在发生的事。' },
  { theme: '睡眠与情绪', description: '入睡困难、早醒、情绪起伏：了解睡眠与心情的关系，以及今晚就能试的方法。' },
  { theme: '关系与沟通', description: '伴侣、朋友与同事之间：练习把想法说清楚，也听见对方。' },
] as const;

/** Default hours of a theme day, Shanghai time. */
export const DEFAULT_THEME_HOURS = { from: '09:00', to: '12:00' } as const;

/**
 * Which dates of a month get the four theme days: its first four Saturdays (every month has at least four).
 */
export function themeDayDates(month: string): string[] {
  let d = shanghaiMonthStart(month);
  while (getISODay(d) !== 6) d = addDays(d, 1);
  return [0, 1, 2, 3].map((w) => isoDateOf(addWeeks(d, w)));
}
