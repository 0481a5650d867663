// The QR core and its SVG renderer only: the package's main entry would also bundle the PNG encoder (pngjs).
import { create } from 'qrcode/lib/core/qrcode';
import { render } from 'qrcode/lib/renderer/svg-tag';

/** An SVG QR code for a check-in code (both the mini-program's <Image> and browsers show SVG). */
export function qrSvg(text: string): string {
  return render(create(text, { errorCorrectionLevel: 'M' }), { margin: 2, width: 320, color: { dark: '#1c2a2eff', light: '#ffffffff' } });
}
