import type { InstrumentId } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { api } from '../../api/client';

export const selftestApi = {
  // The questions and scoring are shared code (shared/selftest): the pages need no request before saving.
  submit: (id: InstrumentId, answers: number[]) => api.post<SelftestResult>(`/selftests/${id}/results`, { answers }),
  myResults: () => api.get<{ items: SelftestResult[] }>('/me/selftests'),
  myResult: (resultId: string) => api.get<SelftestResult>(`/me/selftests/${encodeURIComponent(resultId)}`),
  deleteResult: (resultId: string) => api.del(`/me/selftests/${encodeURIComponent(resultId)}`),
  deleteAll: () => api.del<{ deleted: number }>('/me/selftests'),
  exportAll: () => api.get<unknown>('/me/selftests/export'),
};

export function isInstrumentId(id: unknown): id is InstrumentId {
  return id === 'phq9' || id === 'gad7';
}
