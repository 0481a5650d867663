import { lightFormat } from 'date-fns';
// Every time on screen is China time (shared/time.ts), whatever the phone's own zone is.
import { inShanghai } from '../../../shared/time';

/** e.g. “2026年11月23日 17:05” */
export function formatDateTime(iso: string): string {
  return lightFormat(inShanghai(iso), 'yyyy年M月d日 HH:mm');
}

/** e.g. “11月23日” */
export function formatDate(iso: string): string {
  return lightFormat(inShanghai(iso), 'M月d日');
}

/** e.g. “17:05” */
export function formatTime(iso: string): string {
  return lightFormat(inShanghai(iso), 'HH:mm');
}

/** e.g. “2026年12月1日”: a date with its year, in Beijing time. */
export function formatFullDate(iso: string): string {
  return lightFormat(inShanghai(iso), 'yyyy年M月d日');
}

/** A campaign's period in Beijing time; `endsAt` is exclusive, so the last day shown is the day before it. */
export function formatPeriod(startsAt: string, endsAt: string): string {
  const last = new Date(Date.parse(endsAt) - 1).toISOString();
  return `${formatFullDate(startsAt)} – ${formatFullDate(last)}`;
}
