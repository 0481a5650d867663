import Taro from '@tarojs/taro';
import { api, API_URL } from '../../api/client';
import { getSession } from '../../api/session';
import { rememberVisitorId, visitorId } from '../../api/visitor';
import type { RewardRules } from '../../../../shared/referral/rules';

/** The referral API as the mini-program uses it (docs/api.md § referral). */
export interface InviteProgress {
  qualified: number;
  needed: number;
  remaining: number;
  accepted: number;
  vouchersGranted: number;
  notGranted?: { milestoneIndex: number; reason: 'budget'; at: string }[];
}
export interface MyInvite {
  code: string;
  sharePath: string;
  scene: string;
  campaignId: string | null;
  campaignName: string | null;
  rules: RewardRules | null;
  rulesText: string[];
  progress: InviteProgress;
}
/** A landing block (shared/campaign/blocks.ts); the landing page renders the text kinds it knows. */
export interface LandingBlock {
  kind: string;
  text?: string;
  subtitle?: string;
  title?: string;
  paragraphs?: { text: string; style?: 'normal' | 'emphasis' | 'quote' }[];
}
export interface InviteLanding {
  code: string;
  inviterName: string;
  campaign: { id: string; name: string; variantId: string | null; blocks: LandingBlock[] } | null;
  rules: RewardRules | null;
  rulesText: string[];
  /** Signed in only: already accepted this invite, or it is the viewer's own. */
  viewer?: { accepted: boolean; own: boolean };
  /** This device's visitor id, issued by the server. */
  visitorId: string;
}

export const referralApi = {
  myInvite: () => api.get<MyInvite>('/me/invite'),
  /** The landing answer carries the visitor id the server issued (or kept); it is remembered for the open and accept. */
  landing: async (code: string) => {
    const known = visitorId();
    const info = await api.get<InviteLanding>(`/invites/${encodeURIComponent(code)}${known ? `?visitorId=${known}` : ''}`);
    rememberVisitorId(info.visitorId);
    return info;
  },
  open: (code: string) => api.post<{ firstOpenedAt: string }>(`/invites/${encodeURIComponent(code)}/open`, { visitorId: visitorId() }),
  accept: (code: string, via?: ShareKind) =>
    api.post<{ inviterName: string; campaignId: string }>(`/invites/${encodeURIComponent(code)}/accept`, { visitorId: visitorId(), ...(via ? { via } : {}) }),
  /**
   * Counts a share for the dashboard (share card, link copied, poster made; once per day per kind on the server).
   * Never blocks or fails the share itself.
   */
  share: (kind: ShareKind) => api.post('/me/invite/shares', { kind }).catch(() => undefined),
};

export type ShareKind = 'card' | 'link' | 'poster';

/** How a friend reached the invite page: `via=` in a shared path, or a poster's mini-program code (`scene`). */
export function viaFromParams(params: Record<string, string | undefined>): ShareKind | undefined {
  if (params.via === 'card' || params.via === 'link' || params.via === 'poster') return params.via;
  return params.scene ? 'poster' : undefined;
}

/** The share path with the share kind added, so the friend's accept and open are counted by kind. */
export const withVia = (path: string, via: ShareKind) => `${path}${path.includes('?') ? '&' : '?'}via=${via}`;

/**
 * The poster image (it needs the token, so no plain <Image src>): H5 turns the response into an object URL,
 * the mini-program downloads it to a temporary file.
 */
export async function loadPoster(): Promise<string> {
  const header = { Authorization: `Bearer ${getSession()?.token ?? ''}` };
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(`${API_URL}/me/invite/poster`, { headers: header });
    if (!res.ok) throw new Error(`poster: ${res.status}`);
    return URL.createObjectURL(await res.blob());
  }
  const res = await Taro.downloadFile({ url: `${API_URL}/me/invite/poster`, header });
  if (res.statusCode !== 200) throw new Error(`poster: ${res.statusCode}`);
  return res.tempFilePath;
}

/** The H5 link a friend opens (hash router), built from where this page is served. */
export function h5InviteLink(sharePath: string): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}#${sharePath}`;
}

/** `code=` from a shared path, or the code inside a mini-program code's `scene` (`i=<code>`, URL-encoded). */
export function codeFromParams(params: Record<string, string | undefined>): string | undefined {
  if (params.code) return params.code.trim().toUpperCase();
  if (!params.scene) return undefined;
  let scene = params.scene;
  try {
    scene = decodeURIComponent(scene);
  } catch {
    return undefined;
  }
  const m = /^i=([0-9A-Za-z]{8})$/.exec(scene);
  return m ? m[1].toUpperCase() : undefined;
}
