/**
 * Viral coefficient: K = (invites sent per inviter) × (invite conversion) = new clients per inviter.
 * K > 1 means each client brings more than one new client, and the programme grows by itself.
 */
export interface KFactorInput {
  inviters: number;
  invitesSent: number;
  accepted: number;
}

export interface KFactor {
  invitesPerInviter: number | null;
  conversion: number | null;
  k: number | null;
}

export function kFactor({ inviters, invitesSent, accepted }: KFactorInput): KFactor {
  const invitesPerInviter = inviters > 0 ? invitesSent / inviters : null;
  const conversion = invitesSent > 0 ? accepted / invitesSent : null;
  const k = invitesPerInviter !== null && conversion !== null ? invitesPerInviter * conversion : null;
  return { invitesPerInviter: r(invitesPerInviter), conversion: r(conversion), k: r(k) };
}

const r = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
