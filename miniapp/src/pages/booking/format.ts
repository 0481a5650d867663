import { DateTime } from 'luxon';
import { DISPLAY_ZONE } from '../../utils/time';

/** Dates and times of the booking pages, always in Asia/Shanghai whatever the phone's own zone. */
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

const inChina = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(DISPLAY_ZONE);

/** `2026-11-28` (a Shanghai date) → `11月28日 周六` */
export function dayLabel(date: string): string {
  const d = DateTime.fromISO(date, { zone: DISPLAY_ZONE });
  return `${d.toFormat('M月d日')} ${WEEKDAYS[d.weekday]}`;
}

/** `09:00–09:15` */
export function timeRange(start: string, end: string): string {
  return `${inChina(start).toFormat('HH:mm')}–${inChina(end).toFormat('HH:mm')}`;
}

/** `11月28日 周六 09:00–09:15` */
export function whenLabel(start: string, end: string): string {
  return `${dayLabel(inChina(start).toISODate()!)} ${timeRange(start, end)}`;
}

/** The Shanghai date of an instant. */
export const chinaDate = (iso: string) => inChina(iso).toISODate()!;

/** Today in Shanghai, plus `days`. */
export const chinaToday = (days = 0) => DateTime.now().setZone(DISPLAY_ZONE).plus({ days }).toISODate()!;

/** `2026-11` → `11月` */
export const monthLabel = (month: string) => `${Number(month.slice(5, 7))}月`;
