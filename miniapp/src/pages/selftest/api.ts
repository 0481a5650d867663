import type { InstrumentId } from '../../../../shared/selftest/instruments';
import type { SelftestResult } from '../../../../shared/selftest/schema';
import { api } from '../../api/client';

export interface InstrumentSummary {
  id: InstrumentId;
  name: string;
  title: string;
  subtitle: string;
  minutes: number;
  itemCount: number;
}

export interface InstrumentDetail {
  id: InstrumentId;
  name: string;
  title: string;
  stem: string;
  items: { text: string }[];
  options: { value: number; label: string }[];
  citation: string;
}

export const selftestApi = {
  list: () => api.get<{ items: InstrumentSummary[] }>('/selftests'),
  get: (id: InstrumentId) => api.get<InstrumentDetail>(`/selftests/${id}`),
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
