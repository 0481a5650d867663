import { tidyReward, type Reward } from '../../shared/membership/points';
import { getCourse } from '../db/course';
import { getGathering } from '../db/gathering';
import { badRequest } from '../http/errors';

/**
 * The rewards a marketer saves must point at something a client can use: a seat at a published gathering that
 * has not ended, access to a published course. Checked for rewards that are new or whose target changed; a
 * reward saved earlier and left as it was is not refused for what happened to its gathering since (otherwise one
 * past talk would block every other edit; a client redeeming it is told the gathering is not open).
 *
 * Returns the rewards to store: only the fields of each kind, and a course reward's `course` set to the title of
 * the course it names.
 */
export async function checkedRewards(rewards: Reward[], stored: Reward[], now: Date): Promise<Reward[]> {
  const before = new Map(stored.map((r) => [r.id, r]));
  const checked = await Promise.all(
    rewards.map(async (r, i): Promise<Reward | { field: string; message: string }> => {
      const old = before.get(r.id);
      const at = (field: keyof Reward, message: string) => ({ field: `rewards.${i}.${field}`, message });
      // Ledger causes and a voucher's budget counter name the id: it stays what it was made as.
      if (old && old.kind !== r.kind) return at('kind', 'the kind of a saved reward cannot change (add a new reward instead)');
      if (r.kind === 'gathering_seat' && r.gatheringId !== old?.gatheringId) {
        const g = await getGathering(r.gatheringId!);
        if (!g) return at('gatheringId', 'no such gathering');
        if (g.status !== 'published') return at('gatheringId', 'the gathering is not published');
        if (Date.parse(g.endsAt) <= now.getTime()) return at('gatheringId', 'the gathering has ended');
      }
      if (r.kind === 'course_access' && (r.courseId !== old?.courseId || r.course !== old?.course)) {
        if (!r.courseId) return at('courseId', 'course access names its courseId');
        const c = await getCourse(r.courseId);
        if (!c) return at('courseId', 'no such course');
        if (c.status !== 'published') return at('courseId', 'the course is not published');
        return tidyReward({ ...r, course: c.title });
      }
      return tidyReward(r);
    }),
  );
  const problem = checked.find((c): c is { field: string; message: string } => 'field' in c);
  if (problem) throw badRequest(problem.field, problem.message);
  return checked as Reward[];
}
