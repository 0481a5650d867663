import { DateTime } from 'luxon';

/** Every time on screen is China time, whatever the phone's own zone is. */
export const DISPLAY_ZONE = 'Asia/Shanghai';

function inChina(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(DISPLAY_ZONE);
}

/** e.g. “2026年11月23日 17:05” */
export function formatDateTime(iso: string): string {
  return inChina(iso).toFormat('yyyy年M月d日 HH:mm');
}

/** e.g. “11月23日” */
export function formatDate(iso: string): string {
  return inChina(iso).toFormat('M月d日');
}

/** e.g. “17:05” */
export function formatTime(iso: string): string {
  return inChina(iso).toFormat('HH:mm');
}
