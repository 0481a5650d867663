import { whenLabel } from '../booking/format';
import type { Gathering } from './api';
import { GATHERING_STRINGS as S } from './strings';

export const gatheringWhen = (g: Pick<Gathering, 'startsAt' | 'endsAt'>) => whenLabel(g.startsAt, g.endsAt);
export const gatheringPrice = (g: Pick<Gathering, 'price'>) => (g.price > 0 ? S.price(g.price) : S.free);
export const gatheringWhere = (g: Pick<Gathering, 'mode' | 'address'>) => (g.mode === 'online' ? S.online : `${S.offline} · ${g.address ?? ''}`);
