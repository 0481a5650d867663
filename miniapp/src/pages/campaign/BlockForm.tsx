import { View } from '@tarojs/components';
import type { Block } from '../../../../shared/campaign/blocks';
import { CTA_ACTIONS } from '../../../../shared/campaign/blocks';
import { INSTRUMENT_IDS } from '../../../../shared/selftest/instruments';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { Choice, MiniButton, TextField } from './FormControls';
import { GatheringField } from './GatheringField';

const F = S.field;

/** The form of one content block; `at` is its field path (`variants.0.blocks.2`) for the messages. */
export function BlockForm({ block, at, errors, onChange }: { block: Block; at: string; errors: Record<string, string>; onChange: (b: Block) => void }) {
  const common = { errors };
  switch (block.kind) {
    case 'title':
      return (
        <View>
          <TextField {...common} label={F.text} path={`${at}.text`} value={block.text} maxlength={60} onChange={(text) => onChange({ ...block, text })} />
          <TextField {...common} label={F.subtitle} path={`${at}.subtitle`} value={block.subtitle ?? ''} maxlength={120} onChange={(v) => onChange({ ...block, subtitle: v || undefined })} />
        </View>
      );
    case 'image':
      return (
        <View>
          <TextField {...common} label={F.url} path={`${at}.url`} value={block.url} maxlength={500} onChange={(url) => onChange({ ...block, url })} />
          <TextField {...common} label={F.alt} path={`${at}.alt`} value={block.alt} maxlength={80} onChange={(alt) => onChange({ ...block, alt })} />
        </View>
      );
    case 'richText':
      return (
        <View>
          {block.paragraphs.map((p, i) => {
            const set = (patch: Partial<typeof p>) => onChange({ ...block, paragraphs: block.paragraphs.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <View key={i} className='cform__sub'>
                <TextField {...common} label={F.paragraph(i + 1)} path={`${at}.paragraphs.${i}.text`} value={p.text} multiline maxlength={1000} onChange={(text) => set({ text })} />
                <Choice {...common} label={F.style} path={`${at}.paragraphs.${i}.style`} value={p.style} options={(['normal', 'emphasis', 'quote'] as const).map((v) => ({ value: v, label: F.styles[v] }))} onChange={(style) => set({ style })} />
                {block.paragraphs.length > 1 && (
                  <MiniButton label={F.removeParagraph} danger onClick={() => onChange({ ...block, paragraphs: block.paragraphs.filter((_, j) => j !== i) })} />
                )}
              </View>
            );
          })}
          {block.paragraphs.length < 20 && <MiniButton label={F.addParagraph} onClick={() => onChange({ ...block, paragraphs: [...block.paragraphs, { text: '', style: 'normal' }] })} />}
        </View>
      );
    case 'themeDays':
      return (
        <View>
          <TextField {...common} label={F.sectionTitle} path={`${at}.title`} value={block.title ?? ''} maxlength={40} onChange={(v) => onChange({ ...block, title: v || undefined })} />
          {block.items.map((d, i) => {
            const set = (patch: Partial<typeof d>) => onChange({ ...block, items: block.items.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <View key={i} className='cform__sub cform__grid'>
                <TextField {...common} label={F.date} path={`${at}.items.${i}.date`} value={d.date} maxlength={10} onChange={(date) => set({ date })} />
                <TextField {...common} label={F.theme} path={`${at}.items.${i}.theme`} value={d.theme} maxlength={30} onChange={(theme) => set({ theme })} />
                <TextField {...common} label={F.note} path={`${at}.items.${i}.note`} value={d.note ?? ''} maxlength={120} onChange={(v) => set({ note: v || undefined })} />
                {block.items.length > 1 && <MiniButton label={F.removeDay} danger onClick={() => onChange({ ...block, items: block.items.filter((_, j) => j !== i) })} />}
              </View>
            );
          })}
          {block.items.length < 12 && <MiniButton label={F.addDay} onClick={() => onChange({ ...block, items: [...block.items, { date: '', theme: '' }] })} />}
        </View>
      );
    case 'selftestEntry':
      return (
        <View>
          <Choice {...common} label={F.instrument} path={`${at}.instrument`} value={block.instrument} options={INSTRUMENT_IDS.map((v) => ({ value: v, label: F.instruments[v] ?? v }))} onChange={(instrument) => onChange({ ...block, instrument })} />
          <TextField {...common} label={F.label} path={`${at}.label`} value={block.label} maxlength={40} onChange={(label) => onChange({ ...block, label })} />
        </View>
      );
    case 'inviteRules':
      return (
        <View>
          <TextField {...common} label={F.sectionTitle} path={`${at}.title`} value={block.title ?? ''} maxlength={40} hint={F.rulesShown} onChange={(v) => onChange({ ...block, title: v || undefined })} />
        </View>
      );
    case 'cta':
      return (
        <View>
          <TextField {...common} label={F.label} path={`${at}.label`} value={block.label} maxlength={24} onChange={(label) => onChange({ ...block, label })} />
          <Choice
            {...common}
            label={F.action}
            path={`${at}.action`}
            value={block.action}
            options={CTA_ACTIONS.map((v) => ({ value: v, label: F.ctaActions[v] }))}
            onChange={(action) => onChange({ ...block, action, gatheringId: action === 'gathering' ? block.gatheringId : undefined })}
          />
          {block.action === 'gathering' && <GatheringField {...common} path={`${at}.gatheringId`} value={block.gatheringId} onChange={(gatheringId) => onChange({ ...block, gatheringId })} />}
        </View>
      );
    default:
      return null;
  }
}
