import type { TestApi } from '../setup/api';

/** A valid campaign body with two variants (A: 70, B: 30) and two channels; override what a test needs. */
export function campaignBody(over: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    name: '五月情绪主题月',
    type: 'theme_day',
    startsAt: new Date(now - 86_400_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    channels: ['douyin', 'wechat'],
    variants: [
      {
        id: 'A',
        name: '温和版',
        weight: 70,
        blocks: [
          { kind: 'title', text: '照顾好自己的情绪', subtitle: '三分钟自测' },
          { kind: 'selftestEntry', instrument: 'phq9', label: '开始自测' },
        ],
      },
      {
        id: 'B',
        name: '直接版',
        weight: 30,
        blocks: [
          { kind: 'title', text: '最近压力大吗？' },
          { kind: 'cta', label: '立即注册', action: 'signup' },
        ],
      },
    ],
    ...over,
  };
}

export async function createPublished(api: TestApi, token: string, over: Record<string, unknown> = {}) {
  const created = await api.call('POST', '/campaigns', { token, body: campaignBody(over) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const pub = await api.call('POST', `/campaigns/${created.body.id}/publish`, { token });
  if (pub.status !== 200) throw new Error(`publish: ${pub.status} ${pub.text}`);
  return pub.body as { id: string; variants: { id: string }[] };
}

/** A visitor id that lands in the wanted variant of this campaign (the server's own choice, found by asking). */
export async function visitorFor(api: TestApi, campaignId: string, variant: string, ch = 'douyin'): Promise<string> {
  for (let i = 0; i < 200; i++) {
    // Each first view without a visitor id is handed a new, server-signed one.
    const page = await api.call('GET', `/campaigns/${campaignId}/page?ch=${ch}`);
    if (page.body.variant.id === variant) return page.body.visitor;
  }
  throw new Error(`no visitor for variant ${variant}`);
}

export async function view(api: TestApi, campaignId: string, visitor: string, variant: string, channel: string, eventId = `pv-${visitor}`) {
  return api.call('POST', '/events', { body: { eventId, type: 'page_view', campaignId, channel, variant, visitorId: visitor } });
}
