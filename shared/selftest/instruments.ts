/**
 * PHQ-9 and GAD-7 as published (Kroenke, Spitzer & Williams 2001; Spitzer et al. 2006).
 * Both are free to reproduce and translate; the zh-CN wording is the widely used Chinese version.
 */
export const INSTRUMENT_IDS = ['phq9', 'gad7'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

export const ANSWER_OPTIONS = [
  { value: 0, label: '完全不会', labelEn: 'Not at all' },
  { value: 1, label: '好几天', labelEn: 'Several days' },
  { value: 2, label: '一半以上的天数', labelEn: 'More than half the days' },
  { value: 3, label: '几乎每天', labelEn: 'Nearly every day' },
] as const;

export const STEM = '在过去两个星期，有多少时候您受到以下任何问题所困扰？';

export type Band = 'minimal' | 'mild' | 'moderate' | 'moderately_severe' | 'severe';

export interface BandRange {
  band: Band;
  min: number;
  max: number;
}

export interface Instrument {
  id: InstrumentId;
  name: string;
  title: string;
  subtitle: string;
  minutes: number;
  items: { text: string; textEn: string }[];
  /** Inclusive score ranges, in ascending order, covering 0..maxScore. */
  bands: BandRange[];
  citation: string;
}

export const PHQ9: Instrument = {
  id: 'phq9',
  name: 'PHQ-9',
  title: '情绪自测（抑郁）',
  subtitle: '9 个问题，了解最近两周的心情状态',
  minutes: 2,
  items: [
    { text: '做事时提不起劲或没有兴趣', textEn: 'Little interest or pleasure in doing things' },
    { text: '感到心情低落、沮丧或绝望', textEn: 'Feeling down, depressed, or hopeless' },
    { text: '入睡困难、睡不安稳或睡眠过多', textEn: 'Trouble falling or staying asleep, or sleeping too much' },
    { text: '感觉疲倦或没有活力', textEn: 'Feeling tired or having little energy' },
    { text: '食欲不振或吃太多', textEn: 'Poor appetite or overeating' },
    {
      text: '觉得自己很糟，或觉得自己很失败，或让自己或家人失望',
      textEn: 'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
    },
    {
      text: '对事物专注有困难，例如阅读报纸或看电视时',
      textEn: 'Trouble concentrating on things, such as reading the newspaper or watching television',
    },
    {
      text: '动作或说话速度缓慢到别人已经觉察，或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常',
      textEn:
        'Moving or speaking so slowly that other people could have noticed; or the opposite, being so fidgety or restless that you have been moving around a lot more than usual',
    },
    {
      text: '有不如死掉或用某种方式伤害自己的念头',
      textEn: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
    },
  ],
  bands: [
    { band: 'minimal', min: 0, max: 4 },
    { band: 'mild', min: 5, max: 9 },
    { band: 'moderate', min: 10, max: 14 },
    { band: 'moderately_severe', min: 15, max: 19 },
    { band: 'severe', min: 20, max: 27 },
  ],
  citation: 'Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med. 2001;16:606–613.',
};

export const GAD7: Instrument = {
  id: 'gad7',
  name: 'GAD-7',
  title: '焦虑自测',
  subtitle: '7 个问题，了解最近两周的紧张与担忧',
  minutes: 2,
  items: [
    { text: '感觉紧张、焦虑或急切', textEn: 'Feeling nervous, anxious, or on edge' },
    { text: '不能够停止或控制担忧', textEn: 'Not being able to stop or control worrying' },
    { text: '对各种各样的事情担忧过多', textEn: 'Worrying too much about different things' },
    { text: '很难放松下来', textEn: 'Trouble relaxing' },
    { text: '由于不安而无法静坐', textEn: 'Being so restless that it is hard to sit still' },
    { text: '变得容易烦恼或急躁', textEn: 'Becoming easily annoyed or irritable' },
    { text: '感到似乎将有可怕的事情发生而害怕', textEn: 'Feeling afraid, as if something awful might happen' },
  ],
  bands: [
    { band: 'minimal', min: 0, max: 4 },
    { band: 'mild', min: 5, max: 9 },
    { band: 'moderate', min: 10, max: 14 },
    { band: 'severe', min: 15, max: 21 },
  ],
  citation: 'Spitzer RL, Kroenke K, Williams JB, Löwe B. Arch Intern Med. 2006;166:1092–1097.',
};

export const INSTRUMENTS: Record<InstrumentId, Instrument> = { phq9: PHQ9, gad7: GAD7 };

/** Plain-language band names and meanings, shown on the result page. */
export const BAND_TEXT: Record<Band, { label: string; meaning: string }> = {
  minimal: {
    label: '无或极轻微',
    meaning: '最近两周你的状态总体平稳。照顾好作息和情绪，保持对自己的关注就好。',
  },
  mild: {
    label: '轻度',
    meaning: '最近有一些困扰，但多数时候还能应对。适当调整节奏、与信任的人聊聊，会有帮助。',
  },
  moderate: {
    label: '中度',
    meaning: '这些困扰已经比较明显地影响到你。和专业的咨询师聊一聊，会比独自扛着更轻松。',
  },
  moderately_severe: {
    label: '中重度',
    meaning: '你最近承受了不少。建议尽快与专业人员（咨询师或医生）讨论你的状况。',
  },
  severe: {
    label: '重度',
    meaning: '你最近非常辛苦。请尽快寻求专业帮助，你不必一个人面对。',
  },
};

export const CRISIS_LINES = [
  { name: '全国心理援助热线', phone: '12356', note: '全国统一心理援助热线' },
  { name: '希望24热线', phone: '400-161-9995', note: '24 小时心理危机干预热线' },
] as const;

export const EMERGENCY_NOTE = '如果你或身边的人正处于紧急危险中，请立即拨打 110 或 120。';

export const NOT_A_DIAGNOSIS = '自测结果只是筛查，不是诊断。如果你对结果有疑问，请与专业人员讨论。';
