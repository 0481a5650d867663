import type { Block } from '../../../../shared/campaign/blocks';
import type { GatheringKind } from '../../../../shared/gathering/schema';
import { chinaDate } from '../booking/format';
import { formatTime } from '../../utils/time';
import type { Gathering } from '../gathering/api';

/** The editor's plain fields; `toBody` turns them into the API's body (times in Beijing time → UTC ISO). */
export interface GatheringForm {
  kind: GatheringKind;
  title: string;
  summary: string;
  mode: 'online' | 'offline';
  link: string;
  address: string;
  date: string;
  start: string;
  end: string;
  capacity: string;
  price: string;
  coverUrl: string;
  description: string;
  earlyLevels: string[];
  /** Internal tiers with early registration: set through the API for now, kept as they are by this form. */
  earlyTiers: string[];
  earlyHours: string;
  opensAt: string;
  quiz: string;
  /** Blocks other than the description's text (title, image, buttons) are kept as they are. */
  otherBlocks: Block[];
}

const beijing = (date: string, time: string) => {
  const d = new Date(`${date.trim()}T${time.trim()}:00+08:00`);
  return Number.isNaN(d.getTime()) ? `${date} ${time}` : d.toISOString();
};

export function emptyForm(tomorrow: string): GatheringForm {
  return {
    kind: 'talk', title: '', summary: '', mode: 'offline', link: '', address: '', date: tomorrow, start: '19:30', end: '21:00',
    capacity: '20', price: '0', coverUrl: '', description: '', earlyLevels: [], earlyTiers: [], earlyHours: '24', opensAt: '', quiz: '', otherBlocks: [],
  };
}

export function formOf(g: Gathering): GatheringForm {
  const text = g.blocks.filter((b) => b.kind === 'richText').flatMap((b) => (b.kind === 'richText' ? b.paragraphs.map((p) => p.text) : []));
  return {
    kind: g.kind, title: g.title, summary: g.summary, mode: g.mode, link: g.link ?? '', address: g.address ?? '',
    date: chinaDate(g.startsAt), start: formatTime(g.startsAt), end: formatTime(g.endsAt), capacity: String(g.capacity), price: String(g.price),
    coverUrl: g.coverUrl ?? '', description: text.join('\n'), earlyLevels: g.earlyLevels, earlyTiers: g.earlyTiers ?? [], earlyHours: String(g.earlyHours),
    opensAt: g.registrationOpensAt ? `${chinaDate(g.registrationOpensAt)} ${formatTime(g.registrationOpensAt)}` : '',
    quiz: (g.quiz ?? []).map((q) => [q.text, ...q.options.map((o, i) => (i === q.answer ? `*${o}` : o))].join('\n')).join('\n\n'),
    otherBlocks: g.blocks.filter((b) => b.kind !== 'richText'),
  };
}

/** `问题\n选项\n*正确选项` blocks separated by a blank line. */
export function parseQuiz(text: string) {
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map(([question, ...options]) => ({
      text: question,
      options: options.map((o) => o.replace(/^\*/, '').trim()),
      answer: Math.max(0, options.findIndex((o) => o.startsWith('*'))),
    }));
}

export function toBody(f: GatheringForm) {
  const paragraphs = f.description.split('\n').map((t) => t.trim()).filter(Boolean).map((text) => ({ text, style: 'normal' as const }));
  const [opensDate, opensTime] = f.opensAt.trim().split(/\s+/);
  return {
    kind: f.kind,
    title: f.title,
    summary: f.summary,
    mode: f.mode,
    ...(f.mode === 'online' ? { link: f.link.trim() } : { address: f.address.trim() }),
    startsAt: beijing(f.date, f.start),
    endsAt: beijing(f.date, f.end),
    capacity: Number(f.capacity),
    price: Number(f.price || 0),
    ...(f.coverUrl.trim() ? { coverUrl: f.coverUrl.trim() } : {}),
    blocks: [...f.otherBlocks, ...(paragraphs.length ? [{ kind: 'richText' as const, paragraphs }] : [])],
    earlyLevels: f.earlyLevels,
    earlyTiers: f.earlyTiers,
    earlyHours: Number(f.earlyHours || 24),
    ...(opensDate && opensTime ? { registrationOpensAt: beijing(opensDate, opensTime) } : {}),
    ...(f.kind === 'quiz' ? { quiz: parseQuiz(f.quiz) } : {}),
  };
}
