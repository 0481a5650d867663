import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CARE_POLICY, type CarePolicy } from '../../shared/care/crisis-pause';
import { db, table } from './client';

/** Practice-wide settings an admin changes: one item per area (`SETTINGS#<area>/SETTINGS`). */
const settingsKey = (area: string) => ({ pk: `SETTINGS#${area}`, sk: 'SETTINGS' });

export async function getCarePolicy(): Promise<CarePolicy> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: settingsKey('care') }));
  return out.Item ? { crisisPauseDays: Number(out.Item.crisisPauseDays) } : DEFAULT_CARE_POLICY;
}

export async function putCarePolicy(policy: CarePolicy, adminId: string): Promise<CarePolicy> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...settingsKey('care'), type: 'settings', ...policy, updatedBy: adminId, updatedAt: new Date().toISOString() },
    }),
  );
  return policy;
}
