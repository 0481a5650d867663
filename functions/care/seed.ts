import { createComplaint, listClientComplaints, addStaffReply } from '../db/complaints';
import { findOrCreateUser } from '../db/users';

/**
 * `npm start`: a client with two complaints so the admin's queue (/pages/care-admin/complaints) shows an open
 * item and one being handled. Safe to run again: a client who already has complaints is left as is.
 */
export async function seedCare(now = new Date()): Promise<void> {
  const client = await findOrCreateUser('dev#client#示例来访者', { name: '示例来访者', role: 'client', deviceId: 'seed:care-client' });
  if ((await listClientComplaints(client.id)).length) return;
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  await createComplaint({ clientId: client.id, clientName: client.name, category: 'booking', text: '改约之后没有收到新的时间提醒，差点错过。', shareWithCounselor: false, createdAt: hoursAgo(30) });
  const handled = await createComplaint({ clientId: client.id, clientName: client.name, category: 'fees', text: '发票抬头开错了，想重新开一张。', shareWithCounselor: false, createdAt: hoursAgo(6) });
  await addStaffReply(handled.id, { id: 'seed-reply', by: 'staff', authorName: '管理员', text: '收到，我们今天内为您重新开具。', at: hoursAgo(5) });
}
