/**
 * The invite loop, per invite campaign: shared → opened → accepted → qualified → booked → attended → paid.
 *
 * - `shared` counts share actions (share card, link copied, poster made), once per inviter per day per kind;
 * - `opened` counts unique visitors who opened an invite of the campaign;
 * - the rest count friends (people who accepted), each at the furthest stage they reached AND every stage before it,
 *   so no stage can ever exceed the one before it (a friend who booked before qualifying counts as qualified too).
 *
 * Friends are also split by generation (depth in the referral tree: friends of the first inviters = 1, their friends = 2, …)
 * and by the share kind that brought them (`via`).
 */
export const SHARE_KINDS = ['card', 'link', 'poster'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];
/** A friend whose landing page did not say how it was reached. */
export const UNKNOWN_VIA = 'unknown';
export type Via = ShareKind | typeof UNKNOWN_VIA;
export const toVia = (v: unknown): Via => (SHARE_KINDS as readonly unknown[]).includes(v) ? (v as ShareKind) : UNKNOWN_VIA;

export const LOOP_STAGES = ['accepted', 'qualified', 'booked', 'attended', 'paid'] as const;
export type LoopStage = (typeof LOOP_STAGES)[number];

/** Generations are stored exactly up to this depth; deeper friends are stored under it (the dashboard shows 1, 2, 3+). */
export const MAX_STORED_GENERATION = 12;
export const storedGeneration = (depth: number) => Math.min(Math.max(1, Math.floor(depth) || 1), MAX_STORED_GENERATION);

/** How many stages of a cumulative funnel a furthest-stage index covers (−1 = none). */
export const stagesUpTo = <T>(stages: readonly T[], furthest: number): T[] => stages.slice(0, furthest + 1);
