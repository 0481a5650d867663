import { api, API_URL } from '../../api/client';
import { getSession } from '../../api/session';

/** 我的 → export and delete everything of mine (docs/api.md § account). */
export const accountApi = {
  exportAll: () => api.get<unknown>('/me/export'),
  deleteAll: () => api.del<{ deleted: { selftests: number }; anonymised: { bookings: number } }>('/me/data'),
};

/** H5: a JSON file download (fetched with the token, since a plain link cannot send it). */
export async function downloadExport(): Promise<void> {
  const res = await fetch(`${API_URL}/me/export`, { headers: { Authorization: `Bearer ${getSession()?.token ?? ''}` } });
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = 'ripple-my-data.json';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
