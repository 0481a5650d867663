import type { CourseInput } from '../../shared/course/schema';
import { createCourse, getCourse, setCourseStatus } from '../db/course';

/**
 * Two published self-help courses, matching the seeded points reward (`emotion-basics`, shared/membership/points.ts)
 * and the seeded benefit (`mindfulness-intro`, shared/membership/benefits.ts). Idempotent: fixed ids.
 */
export const SEED_COURSES: (CourseInput & { id: string })[] = [
  {
    id: 'emotion-basics',
    title: '情绪自助基础课',
    summary: '认识情绪从哪里来，学几种日常可用的小方法。四节短课，每节约五分钟，按自己的节奏读。',
    lessons: [
      {
        id: 'l1',
        title: '情绪是信号，不是敌人',
        paragraphs: [
          '焦虑、难过、生气，都是身体和大脑在告诉我们：有些事情值得留意。它们本身没有好坏之分。',
          '当一种情绪出现时，可以先试着给它起个名字：“我现在有点紧张”“我感到委屈”。研究发现，仅仅是说出情绪的名字，就能让它的强度降低一些。',
          '这一节没有作业。如果愿意，今天留意一次自己的情绪，在心里轻轻说出它的名字就好。',
        ],
      },
      {
        id: 'l2',
        title: '身体的感觉',
        paragraphs: [
          '情绪常常先出现在身体上：心跳加快、肩膀发紧、胃里不舒服。这些感觉是正常的反应。',
          '可以试试“从头到脚”的简单扫描：从额头开始，依次留意眼睛、下巴、肩膀、胸口、腹部、双手和双脚，看看哪里紧，哪里松。不需要改变什么，只是注意到。',
          '注意到身体的感觉，往往能让我们更早地察觉情绪，也更容易照顾自己。',
        ],
      },
      {
        id: 'l3',
        title: '缓一缓的呼吸',
        paragraphs: [
          '当情绪很强烈时，放慢呼吸是随时可用的方法。吸气时在心里数四下，停一下，再用六下慢慢呼出。呼气比吸气长一些，身体会更容易放松下来。',
          '重复五到十次即可。如果感到头晕，就恢复平常的呼吸。',
          '呼吸练习不是为了赶走情绪，而是给自己一点空间，再决定接下来怎么做。',
        ],
      },
      {
        id: 'l4',
        title: '给自己的小小照顾',
        paragraphs: [
          '规律的睡眠、吃一顿像样的饭、出门走一走、和信任的人聊几句，这些看似平常的事，都是照顾情绪的基础。',
          '可以写下三件让你感到安稳的小事，在难受的时候拿出来看一看。',
          '如果情绪持续很久、影响到了生活，寻求专业帮助是照顾自己的方式之一。你随时可以预约咨询。',
        ],
      },
    ],
  },
  {
    id: 'mindfulness-intro',
    title: '正念练习入门',
    summary: '用三节短课，认识正念，并开始每天几分钟的练习。',
    lessons: [
      {
        id: 'l1',
        title: '什么是正念',
        paragraphs: [
          '正念是有意识地、不加评判地留意当下正在发生的事情：此刻的呼吸、声音、身体的感觉，或者脑海里的念头。',
          '它不是要让头脑变得空白，也不是要一直保持平静。走神是很自然的，发现自己走神，本身就是一次练习。',
        ],
      },
      {
        id: 'l2',
        title: '三分钟呼吸空间',
        paragraphs: [
          '第一分钟：停下来，问问自己“此刻我的感受是什么？”，留意念头、情绪和身体的感觉。',
          '第二分钟：把注意力放到呼吸上，感受空气进出鼻腔，或腹部的起伏。',
          '第三分钟：把注意力扩展到整个身体，感受自己坐着或站着的姿势，然后带着这份觉察回到正在做的事。',
        ],
      },
      {
        id: 'l3',
        title: '把正念带进日常',
        paragraphs: [
          '正念不一定要专门抽时间。刷牙、喝水、走路时，都可以留意几秒钟：水的温度、脚踩在地上的感觉。',
          '每天找一个固定的时刻练习几分钟，比偶尔练很久更容易坚持。练得多或少都没有关系，对自己温和一些就好。',
        ],
      },
    ],
  },
];

export async function seedCourses(now = new Date()): Promise<void> {
  for (const c of SEED_COURSES) {
    if (await getCourse(c.id, true)) continue;
    await createCourse(c.id, c, 'seed', now);
    await setCourseStatus(c.id, 'published', now);
  }
}
