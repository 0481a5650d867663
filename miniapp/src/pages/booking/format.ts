import { addDays, getISODay, lightFormat } from 'date-fns';
import { inShanghai, isoDateOf, shanghaiWallClock } from '../../../../shared/time';

/** Dates and times of the booking pages, always in Asia/Shanghai whatever the phone's own zone. */
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** `2026-11-28` (a Shanghai date) → `11月28日 周六` */
export function dayLabel(date: string): string {
  const d = shanghaiWallClock(date);
  return `${lightFormat(d, 'M月d日')} ${WEEKDAYS[getISODay(d)]}`;
}

/** `09:00–09:15` */
export function timeRange(start: string, end: string): string {
  return `${lightFormat(inShanghai(start), 'HH:mm')}–${lightFormat(inShanghai(end), 'HH:mm')}`;
}

/** `11月28日 周六 09:00–09:15` */
export function whenLabel(start: string, end: string): string {
  return `${dayLabel(chinaDate(start))} ${timeRange(start, end)}`;
}

/** The Shanghai date of an instant. */
export const chinaDate = (iso: string) => isoDateOf(inShanghai(iso));

/** Today in Shanghai, plus `days`. */
export const chinaToday = (days = 0) => isoDateOf(addDays(inShanghai(new Date()), days));

/** `2026-11` → `11月` */
export const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;
