import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { channelName } from '../../../../shared/campaign/channels';
import type { Campaign } from '../../../../shared/campaign/schema';
import { alt, Card } from '../../components';
import { base64Ascii } from '../../utils/base64';
import { CAMPAIGN_ADMIN_STRINGS as S } from './admin-strings';
import { MiniButton } from './FormControls';

/**
 * The link a channel is given: on the web, the short public address `/campaigns/<id>?ch=`; in the mini-program, the
 * landing page's path (for share cards and mini-program codes).
 */
export function publicLink(id: string, channel: string): string {
  const ch = encodeURIComponent(channel);
  if (process.env.TARO_ENV === 'h5') return `${window.location.origin}/campaigns/${id}?ch=${ch}`;
  return `/pages/campaign-landing/index?id=${id}&ch=${ch}`;
}


/** A QR code as an SVG data URI (pure JS: the same in weapp and H5, sharp at poster size). */
async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#1f3b3a', light: '#ffffff' } });
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`;
}

/** H5: the SVG drawn on a 1024 px canvas and saved as a PNG (what poster tools expect). */
async function downloadPng(svgUri: string, filename: string): Promise<void> {
  const img = new window.Image();
  img.src = svgUri;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1024;
  canvas.getContext('2d')!.drawImage(img, 0, 0, 1024, 1024);
  const a = document.createElement('a');
  a.href = canvas.toDataURL('image/png');
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function copy(text: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') await navigator.clipboard.writeText(text);
  else await Taro.setClipboardData({ data: text });
  Taro.showToast({ title: S.copied, icon: 'success' });
}

/** After publishing: each channel's public link and a QR code to download (posters, partner shops). */
export function ChannelLinks({ campaign }: { campaign: Campaign }) {
  const [qrs, setQrs] = useState<Record<string, string>>({});
  const channels = campaign.channels.length ? campaign.channels : ['other'];
  useEffect(() => {
    let live = true;
    Promise.all(channels.map(async (ch) => [ch, await qrSvg(publicLink(campaign.id, ch))] as const)).then((pairs) => live && setQrs(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [campaign.id, channels.join(',')]);
  return (
    <Card title={S.links} description={S.linksHint} className='cform__links'>
      <View className='cform__link-grid'>
        {channels.map((ch) => {
          const name = channelName(ch, campaign.channelLabels);
          const link = publicLink(campaign.id, ch);
          return (
            <View key={ch} className='cform__link-card' data-channel={ch}>
              <Text className='cform__link-name'>{name}</Text>
              <Text className='cform__link' userSelect>{link}</Text>
              {qrs[ch] && <Image className='cform__qr' src={qrs[ch]} {...alt(S.qrAlt(name))} showMenuByLongpress mode='aspectFit' />}
              <View className='cform__row'>
                <MiniButton label={S.copy} name={`${S.copy}：${name}`} onClick={() => copy(link)} />
                {process.env.TARO_ENV === 'h5' ? (
                  qrs[ch] && <MiniButton label={S.downloadQr} name={`${S.downloadQr}：${name}`} onClick={() => downloadPng(qrs[ch], `qr-${campaign.id}-${ch}.png`)} />
                ) : (
                  <Text className='cform__hint'>{S.longPressQr}</Text>
                )}
              </View>
            </View>
          );
        })}
      </View>
    </Card>
  );
}
