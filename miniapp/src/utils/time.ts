import { lightFormat } from 'date-fns';
import { inShanghai, ZONE } from '../../../shared/time';

/** Every time on screen is China time, whatever the phone's own zone is. */
export const DISPLAY_ZONE = ZONE;

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
