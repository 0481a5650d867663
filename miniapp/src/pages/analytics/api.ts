import Taro from '@tarojs/taro';
import { api, API_URL } from '../../api/client';
import { getSession } from '../../api/session';
import type { CampaignDashboard } from '../../../../shared/analytics/dashboard';
import type { TierRow, TierThresholds } from '../../../../shared/analytics/tiers';

/** The marketer's analytics API (docs/api.md § analytics). Everything here is aggregate; small cells are "<5". */
export interface TiersView {
  thresholds: TierThresholds;
  clients: number | '<5';
  reachable: number | '<5';
  tiers: (TierRow & { offers: string[]; campaigns: { id: string; name: string; type: string }[] })[];
}

export const analyticsApi = {
  dashboard: (id: string) => api.get<CampaignDashboard>(`/analytics/campaigns/${encodeURIComponent(id)}`),
  tiers: () => api.get<TiersView>('/analytics/tiers'),
  setThresholds: (t: TierThresholds) => api.put<{ thresholds: TierThresholds }>('/analytics/tiers/thresholds', t),
};

/**
 * Downloads a CSV export. H5: fetched with the token and saved through a temporary link; in the mini-program the
 * file is downloaded and opened (WeChat previews it; spreadsheets are best handled on a computer).
 */
export async function downloadCsv(path: string, filename: string): Promise<void> {
  const header = { Authorization: `Bearer ${getSession()?.token ?? ''}` };
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(API_URL + path, { headers: header });
    if (!res.ok) throw new Error(`export: ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const res = await Taro.downloadFile({ url: API_URL + path, header });
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode}`);
  await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true }).catch(() => undefined);
}
