import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { forbiddenCharacter, freeText } from '../../shared/text';
import { campaignBody } from './campaign-fixtures';
import { useApiTestBed } from '../setup/testbed';

/**
 * Names, themes, campaign names and content, notes and template ids are shown to other people (counselors,
 * friends on public invite pages): characters that disguise or corrupt text are refused with a 400 naming the
 * field, and what is stored is NFC.
 */
const api = useApiTestBed();
let client: string;
let marketer: string;
let counselor: string;
let admin: string;

beforeAll(async () => {
  client = (await api.login('文本-来访者', 'client')).token;
  marketer = (await api.login('文本-市场', 'marketer')).token;
  counselor = (await api.login('文本-咨询师', 'counselor')).token;
  admin = (await api.login('文本-管理员', 'admin')).token;
});

const HOSTILE: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['a line break in a one-line field', '张\n三'],
  ['DEL', 'a\u007Fb'],
  ['C1 control', 'a\u0085b'],
  ['right-to-left override', '林静\u202Egnp.exe'],
  ['left-to-right embedding', 'a\u202Ab'],
  ['first strong isolate', 'a\u2068b'],
  ['zero-width space', '林\u200B静'],
  ['zero-width joiner between letters', '林\u200D静'],
  ['byte order mark', '\uFEFF林静'],
  ['lone high surrogate', 'a\uD83Db'],
  ['lone low surrogate', 'a\uDE00b'],
];

const themeDay = (over: Record<string, unknown>) => ({
  date: '2031-03-03',
  theme: '睡眠',
  description: '',
  counselorIds: ['nobody'],
  hours: { from: '09:00', to: '12:00' },
  ...over,
});

/** Each free-text field, reached through its route, with the bad value at that field. */
const FIELDS: { label: string; field: string; send: (bad: string) => Promise<{ status: number; body: any }> }[] = [
  { label: 'dev-login name', field: 'name', send: (bad) => api.call('POST', '/auth/dev-login', { body: { name: bad, role: 'client' } }) },
  { label: 'profile name', field: 'name', send: (bad) => api.call('PATCH', '/me', { token: client, body: { name: bad } }) },
  { label: 'WeChat login name', field: 'name', send: (bad) => api.call('POST', '/auth/wechat', { body: { code: 'some-code', name: bad } }) },
  { label: 'theme-day theme', field: 'theme', send: (bad) => api.call('POST', '/themedays', { token: admin, body: themeDay({ theme: bad }) }) },
  {
    label: 'theme-day description',
    field: 'description',
    send: (bad) => api.call('POST', '/themedays', { token: admin, body: themeDay({ description: bad.replace('\n', '\u0000') }) }),
  },
  { label: 'campaign name', field: 'name', send: (bad) => api.call('POST', '/campaigns', { token: marketer, body: campaignBody({ name: bad }) }) },
  {
    label: 'landing title text',
    field: 'variants.0.blocks.0.text',
    send: (bad) => {
      const body = campaignBody();
      body.variants[0].blocks[0] = { kind: 'title', text: bad, subtitle: '副标题' };
      return api.call('POST', '/campaigns', { token: marketer, body });
    },
  },
  { label: 'reminder template id', field: 'templateId', send: (bad) => api.call('POST', '/bookings/b1/reminders', { token: client, body: { templateId: bad } }) },
  {
    label: 'voucher revoke note',
    field: 'note',
    send: (bad) => api.call('POST', '/vouchers/v1/revoke', { token: admin, body: { note: bad.replace('\n', '\u0000') } }),
  },
];

describe('free text refuses disguising characters', () => {
  it.each(FIELDS.flatMap((f) => HOSTILE.map(([what, bad]) => [f.label, what, f, bad] as const)))('%s with %s → 400 naming it', async (_l, _w, f, bad) => {
    const res = await f.send(bad);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.field).toBe(f.field);
    expect(res.body.message).toMatch(/contains/);
  });

  it('stores names NFC-normalised and trimmed, and keeps emoji sequences', async () => {
    const decomposed = ' Zoe\u0301 陈 👩\u200D💻 ';
    const res = await api.call('PATCH', '/me', { token: client, body: { name: decomposed } });
    expect(res.status).toBe(200);
    expect(res.body.user.name).toBe('Zoé 陈 👩\u200D💻');
    expect(res.body.user.name.length).toBe('Zoé 陈 👩\u200D💻'.length);
    expect((await api.call('GET', '/me', { token: client })).body.user.name).toBe('Zoé 陈 👩\u200D💻');
  });

  it('keeps line breaks in multi-line fields (descriptions, paragraphs, notes)', async () => {
    const body = campaignBody();
    body.variants[0].blocks.push({ kind: 'richText', paragraphs: [{ text: '第一行\n第二行', style: 'normal' }] } as never);
    const res = await api.call('POST', '/campaigns', { token: marketer, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe('forbiddenCharacter (property)', () => {
  const printable = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => forbiddenCharacter(s) === undefined);
  const bad = fc.constantFrom(...HOSTILE.map(([, v]) => v.replace(/[^\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/g, '')));

  it('any text with one disguising character inserted is refused, wherever it is', () => {
    fc.assert(
      fc.property(printable, bad, fc.nat(), (s, b, at) => {
        const i = at % (s.length + 1);
        // Never split a surrogate pair of the surrounding text.
        if (i > 0 && /[\ud800-\udbff]/.test(s[i - 1])) return;
        expect(freeText({ max: 100 }).safeParse(s.slice(0, i) + b + s.slice(i)).success).toBe(false);
      }),
    );
  });

  it('a joiner between letters of another plane is refused (found by the property above)', () => {
    expect(forbiddenCharacter('  \u{10000}\u200d\u{10000}')).toMatch(/zero-width/);
    expect(forbiddenCharacter('👩\u200d💻 ❤\ufe0f\u200d🔥 🏳\ufe0f\u200d🌈')).toBeUndefined();
  });

  it('whatever it accepts is NFC, trimmed and within its length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const out = freeText({ min: 0, max: 40 }).safeParse(s);
        if (!out.success) return;
        expect(out.data).toBe(out.data.normalize('NFC'));
        expect(out.data).toBe(out.data.trim());
        expect(forbiddenCharacter(out.data)).toBeUndefined();
      }),
    );
  });
});
