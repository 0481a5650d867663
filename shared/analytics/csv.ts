/**
 * RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. A field starting with
 * = + - @ is prefixed with ' so a spreadsheet never runs it as a formula (CSV injection).
 * A UTF-8 byte-order mark lets Excel open Chinese text correctly.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return '\ufeff' + [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
