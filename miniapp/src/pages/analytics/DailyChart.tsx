import { Image, Text, View } from '@tarojs/components';
import type { Cell } from '../../../../shared/analytics/privacy';
import { base64Ascii } from '../../utils/base64';

/**
 * New clients per day by source, as stacked columns, hand-drawn as SVG and shown through <Image> (a data URI works
 * in H5 and in the mini-program, where inline SVG does not). A chart library was weighed: AntV F2 is made for
 * mini-programs but adds ~150–200 KB (plus canvas adapters) to the staff sub-package for two simple charts; this is
 * ~3 KB. The SVG holds only shapes and ASCII digits; names and totals are in the legend below it (real text).
 * A "<5" cell is drawn as a hatched stub of fixed height, so no exact small number can be read off the chart.
 */
export const SERIES_COLORS = ['#1d6b73', '#2f5f8f', '#b26b00', '#7a4f9a', '#3d8b5a', '#a3221b', '#5b6b70', '#8a7a2f', '#2a8a9a', '#6a4d00', '#944f6b', '#4f6b94'];

const W = 900;
const H = 260;
const PAD = { left: 40, right: 8, top: 12, bottom: 28 };
const STUB = 0.8; // a suppressed cell's height, in units of the axis


const niceMax = (x: number) => {
  if (x <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= x)!;
};

export function dailySvg(days: string[], series: { values: Cell[] }[]): string {
  const units = (v: Cell) => (v === '<5' ? STUB : v);
  const totals = days.map((_, i) => series.reduce((s, x) => s + units(x.values[i]), 0));
  const top = niceMax(Math.max(...totals, 1));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / days.length;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    '<defs><pattern id="h" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="#9aa9ad"/></pattern></defs>',
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = (top / 4) * t;
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e7eeef"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#5b6b70">${Math.round(v * 10) / 10}</text>`);
  }
  days.forEach((d, i) => {
    let base = 0;
    series.forEach((s, k) => {
      const v = s.values[i];
      const h = units(v);
      if (!h) return;
      const x = PAD.left + i * bw + bw * 0.12;
      const fill = v === '<5' ? 'url(#h)' : SERIES_COLORS[k % SERIES_COLORS.length];
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(base + h).toFixed(1)}" width="${(bw * 0.76).toFixed(1)}" height="${(y(base) - y(base + h)).toFixed(1)}" fill="${fill}"/>`);
      base += h;
    });
    if (i % 15 === 0 || i === days.length - 1) {
      const last = i === days.length - 1;
      const x = last ? W - PAD.right : PAD.left + i * bw + bw / 2;
      parts.push(`<text x="${x.toFixed(1)}" y="${H - 8}" text-anchor="${last ? 'end' : 'middle'}" fill="#5b6b70">${d.slice(5)}</text>`);
    }
  });
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#9aa9ad"/>`, '</svg>');
  return `data:image/svg+xml;base64,${base64Ascii(parts.join(''))}`;
}

export function DailyChart({ days, series, names, summary, suppressedNote }: { days: string[]; series: { source: string; values: Cell[]; total: Cell }[]; names: (source: string) => string; summary: string; suppressedNote: string }) {
  return (
    <View className='chart'>
      {/* The picture is named once, by its wrapper (an image role with the totals as words); the H5 <img> inside is hidden from screen readers. */}
      <View ariaRole='img' ariaLabel={summary}>
        {/* @ts-expect-error Taro's ImageProps omit the aria props its JSX transform passes through (H5 renders aria-hidden). */}
        <Image className='chart__image' src={dailySvg(days, series)} mode='widthFix' ariaHidden />
      </View>
      <View className='chart__legend'>
        {series.map((s, k) => (
          <View key={s.source} className='chart__key' data-series={s.source}>
            <View className='chart__swatch' style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }} />
            <Text>{`${names(s.source)} ${String(s.total)}`}</Text>
          </View>
        ))}
        <View className='chart__key'>
          <View className='chart__swatch chart__swatch--suppressed' />
          <Text>{suppressedNote}</Text>
        </View>
      </View>
    </View>
  );
}
