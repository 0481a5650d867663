import { api } from '../../api/client';
import type { Block } from '../../../../shared/campaign/blocks';
import type { RewardRules } from '../../../../shared/referral/rules';

/** GET /campaigns/{id}/page and POST /events (docs/api.md § campaign). */
export interface CampaignPage {
  campaign: { id: string; name: string; type: 'invite' | 'theme_day'; status: string; startsAt: string; endsAt: string; rules?: RewardRules };
  variant: { id: string; name: string; blocks: Block[] };
  channel: string;
  visitor: string;
}

export const landingApi = {
  /** Without a visitor id (first visit) the server issues one in `visitor`; keep it (rememberVisitorId). */
  page: (id: string, ch: string | undefined, visitor: string | undefined) => {
    const query = [visitor ? `visitor=${encodeURIComponent(visitor)}` : '', ch ? `ch=${encodeURIComponent(ch)}` : ''].filter(Boolean).join('&');
    return api.get<CampaignPage>(`/campaigns/${encodeURIComponent(id)}/page${query ? `?${query}` : ''}`, { noAuthRedirect: true });
  },
  event: (e: { eventId: string; type: 'page_view' | 'share_opened' | 'invite_shared' | 'cta_clicked'; campaignId: string; channel: string; variant: string; visitorId: string; via?: 'card' | 'link' | 'poster' }) =>
    api.post<{ recorded: boolean }>('/events', e, { noAuthRedirect: true }),
};

/** Sends an event, retrying twice with the SAME event id (so a lost answer never counts twice). Never throws. */
export async function sendEvent(e: Parameters<typeof landingApi.event>[0]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    try {
      await landingApi.event(e);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500 * (i + 1)));
    }
  }
}
