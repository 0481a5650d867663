import { api, API_URL } from '../../api/client';
import type { Block } from '../../../../shared/campaign/blocks';
import type { RewardRules } from '../../../../shared/referral/rules';

/** GET /campaigns/{id}/page and POST /events (docs/api.md § campaign). */
export interface CampaignPage {
  campaign: { id: string; name: string; type: 'invite' | 'theme_day'; status: string; startsAt: string; endsAt: string; rules?: RewardRules };
  variant: { id: string; name: string; blocks: Block[] };
  channel: string;
  visitor: string;
}

type Prefetch = { url: string; response: Promise<Response> };

/**
 * H5: a public link (`/campaigns/<id>?ch=`) has index.html request the page's content while the app loads; the
 * first load of that same address takes the answer over. Anything but a 200 is asked again the normal way, so
 * errors (404, 410) arrive as ApiError as usual.
 */
async function takePrefetched(path: string): Promise<CampaignPage | undefined> {
  if (process.env.TARO_ENV !== 'h5') return undefined;
  const w = window as unknown as { __rippleLandingPrefetch?: Prefetch };
  const prefetch = w.__rippleLandingPrefetch;
  if (!prefetch || prefetch.url !== API_URL + path) return undefined;
  w.__rippleLandingPrefetch = undefined;
  try {
    const res = await prefetch.response;
    return res.ok ? ((await res.json()) as CampaignPage) : undefined;
  } catch {
    return undefined;
  }
}

export const landingApi = {
  /** Without a visitor id (first visit) the server issues one in `visitor`; keep it (rememberVisitorId). */
  page: async (id: string, ch: string | undefined, visitor: string | undefined) => {
    const query = [visitor ? `visitor=${encodeURIComponent(visitor)}` : '', ch ? `ch=${encodeURIComponent(ch)}` : ''].filter(Boolean).join('&');
    const path = `/campaigns/${encodeURIComponent(id)}/page${query ? `?${query}` : ''}`;
    return (await takePrefetched(path)) ?? api.get<CampaignPage>(path, { noAuthRedirect: true });
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
