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
