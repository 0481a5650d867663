import { lightFormat } from 'date-fns';
import { inShanghai, isoDateOf } from '../time';

/**
 * The 「候补转正通知」 subscription message: what a waitlisted client is told when a seat becomes theirs.
 * Kept pure (no AWS, no WeChat) so the field limits can be checked for any title, price and time.
 *
 * WeChat refuses a whole message (errcode 47003) when one value breaks its keyword's rule:
 * - thing:  at most 20 characters (汉字, letters, digits or symbols);
 * - time:   a 24-hour time, optionally with the date, e.g. 「2019年10月1日 15:01」;
 * - phrase: at most 5 汉字 only;
 * - amount: one currency sign and at most 10 digits (decimals allowed), e.g. 「¥99」.
 * Every field is always filled: a template keyword left out would show empty on the card.
 */
export const THING_MAX = 20;

export interface PromotionFacts {
  title: string;
  /** UTC ISO instant of the gathering's start. */
  startsAt: string;
  /** registered: a free seat is theirs; pending_payment: a priced seat is held until `holdExpiresAt`. */
  status: 'registered' | 'pending_payment';
  /** Whole yuan due for a held seat. */
  amountDue?: number;
  holdExpiresAt?: string;
}

export type TemplateData = Record<'thing1' | 'time2' | 'phrase3' | 'amount4' | 'thing5', { value: string }>;

/** A `thing` value within WeChat's 20 characters, cut with "…" (counted by code point, so no emoji is split). */
export function fitThing(text: string, max = THING_MAX): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** 「2026年12月8日 19:00」 in Beijing time: WeChat's `time` keyword with its date. */
export const noticeTime = (iso: string): string => lightFormat(inShanghai(iso), "yyyy'年'M'月'd'日' HH:mm");

/** How the pay-by time reads in a 20-character line: the clock alone today, 「明天」 tomorrow, the date otherwise. */
export function payByLine(holdExpiresAt: string, now: Date): string {
  const clock = lightFormat(inShanghai(holdExpiresAt), 'HH:mm');
  const day = isoDateOf(inShanghai(holdExpiresAt));
  if (day === isoDateOf(inShanghai(now))) return `请在${clock}前完成支付，否则名额将顺延`;
  if (day === isoDateOf(inShanghai(new Date(now.getTime() + 86_400_000)))) return `请在明天${clock}前支付，否则名额将顺延`;
  return `请在${lightFormat(inShanghai(holdExpiresAt), 'M月d日HH:mm')}前完成支付`;
}

/** The template data for one promotion, as of `now` (when the message is sent). */
export function waitlistNoticeData(p: PromotionFacts, now: Date): TemplateData {
  const held = p.status === 'pending_payment' && Boolean(p.holdExpiresAt);
  return {
    thing1: { value: fitThing(p.title) || '活动' },
    time2: { value: noticeTime(p.startsAt) },
    phrase3: { value: held ? '待支付' : '已转正' },
    amount4: { value: `¥${held ? Math.max(0, Math.round(p.amountDue ?? 0)) : 0}` },
    thing5: { value: fitThing(held ? payByLine(p.holdExpiresAt!, now) : '候补成功：你已获得这场活动的名额') },
  };
}
