import { seededRandom, stableObjectId } from '@jwh/platform';
import dayjs from 'dayjs';
import type { Types } from 'mongoose';
import { buildingIdFor } from '../models/building.model.js';
import { householdSummary, householdTags, isDerivedTag } from '../services/derived-tags.js';
import { makeNationalId } from '../services/national-id.js';
import { checkManualTags, checkName, checkNationalId, checkPhone, type Check } from '../services/register-row.js';

/**
 * The deterministic demo generator: same options, same data (ids are
 * `stableObjectId('demo:<kind>:<key>')`). Contract with the other services' demo data: demo
 * residents 0–99 live in small grid `0-0-0` of community 0, and household 0 holds residents 0 and 1.
 */
export interface GeneratorOptions {
  /** Communities to generate: name, big grids, small grids per big grid, households per small grid (min–max). */
  communities: { name: string; bigGrids: number; smallPerBig: number; households: [number, number] }[];
  street: string;
  /** Facilities per community. */
  facilitiesPerCommunity: number;
  /** Today (YYYY-MM-DD, Asia/Shanghai): schedules, roster and visits are laid around it. */
  today: string;
  seed: number;
}

/** `npm start`: a 美湖-like community (~3,100 households, ~7,000 residents) and a larger one. */
export const FULL: Omit<GeneratorOptions, 'today'> = {
  street: '东湖街道',
  communities: [
    { name: '美湖社区', bigGrids: 3, smallPerBig: 3, households: [292, 362] },
    { name: '凤凰山社区', bigGrids: 4, smallPerBig: 3, households: [300, 350] },
  ],
  facilitiesPerCommunity: 400,
  seed: 20261121,
};

/** Tests: the same shape, 60 households a small grid. */
export const SMALL: Omit<GeneratorOptions, 'today'> = {
  ...FULL,
  communities: FULL.communities.map((c) => ({ ...c, households: [60, 60] as [number, number] })),
  facilitiesPerCommunity: 60,
};

/**
 * `DEMO_SCALE=district` (benchmarks): a district-sized street, 12 communities of 9 or 12 small
 * grids, about 100,000 residents. Community 0 starts like FULL's (美湖社区, small grid 0-0-0 with
 * over 300 households), so the other services' demo data still find demo residents 0–99 there.
 */
export const DISTRICT: Omit<GeneratorOptions, 'today'> = {
  ...FULL,
  communities: [
    '美湖社区',
    '凤凰山社区',
    '东亭社区',
    '水果湖社区',
    '梨园社区',
    '小洪山社区',
    '珞珈山社区',
    '放鹰台社区',
    '翠柳社区',
    '长湖社区',
    '楚河社区',
    '汉街社区',
  ].map((name, i) => ({ name, bigGrids: i % 2 === 0 ? 3 : 4, smallPerBig: 3, households: [302, 322] as [number, number] })),
};

/** The demo scales by `DEMO_SCALE`. */
export const DEMO_SCALES = { full: FULL, small: SMALL, district: DISTRICT } as const;
export type DemoScale = keyof typeof DEMO_SCALES;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文德福海东峰';
const GIVEN_F = '芳娜敏静丽艳娟霞秀英玲桂兰红梅琳燕萍雪琴慧莉婷倩颖洁佳玉珍凤兰淑云';
/** Share of each age band in an ageing urban community (sums to 1). */
const AGE_BANDS: [number, number, number][] = [
  [0, 14, 0.11],
  [15, 29, 0.14],
  [30, 44, 0.19],
  [45, 59, 0.22],
  [60, 69, 0.17],
  [70, 79, 0.11],
  [80, 89, 0.05],
  [90, 99, 0.01],
];
const PUBLIC_PLACES = ['中心广场', '晨练点(湖边步道)', '社区服务站', '老年活动室', '小区南门便民岗', '菜市场入口', '儿童游乐区'];
/** A fixed post's hours: the morning-exercise hour, the morning, the afternoon (each within the working day). */
const POST_HOURS = [
  ['07:00', '08:30'],
  ['08:30', '10:00'],
  ['15:00', '17:00'],
] as const;
const TASKS = ['入户走访', '政策宣传', '代办事项', '矛盾调解', '巡查网格', '接待来访', '整理民情日记'];
const TOPICS = ['养老金卡', '长护险', '低保', '停车', '噪音', '物业', '医保', '就业', '老年证', '环境卫生'];
const FACILITY_NAMES: Record<string, string> = {
  FIRE_HYDRANT: '消防栓',
  MANHOLE_COVER: '井盖',
  EXERCISE_EQUIPMENT: '运动器材',
  BIN: '垃圾桶',
  GREEN_SPACE: '绿地',
  MEDICAL_STATION: '医疗站',
  RECYCLING_STATION: '废品回收站',
  CONVENIENCE_STATION: '便民站',
  VOLUNTEER_POST: '志愿者示范岗',
};

export const demoId = (kind: string, key: number | string): Types.ObjectId => stableObjectId(`demo:${kind}:${key}`);

/**
 * A generated resident, checked by the validators the mutations and the register import use (name,
 * national ID with the birth date and sex it gives, phone, tags set by hand): the demo cannot hold
 * what they would refuse. A failure is a bug of the generator, thrown at once.
 */
function checkedResident<
  R extends { name: string; nationalId: string; birthDate: string; gender: string; phone: string | null; tags: string[] },
>(r: R, today: string): R {
  const fail = (field: string, check: Check<unknown>) => {
    if (!check.ok) throw new Error(`demo generator: resident ${field} refused: ${check.reason}`);
  };
  fail('name', checkName(r.name));
  const id = checkNationalId(r.nationalId, today);
  fail('nationalId', id);
  if (id.ok && (id.value.birthDate !== r.birthDate || id.value.gender !== r.gender))
    throw new Error('demo generator: birth date or sex disagrees with the national ID');
  fail('phone', checkPhone(r.phone));
  fail('tags', checkManualTags(r.tags.filter((t) => !isDerivedTag(t))));
  return r;
}

export function generate(opts: GeneratorOptions) {
  const rnd = seededRandom(opts.seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(rnd() * xs.length)] as T;
  const chance = (p: number) => rnd() < p;
  const personName = (gender: 'MALE' | 'FEMALE') =>
    pick(SURNAMES) + pick(gender === 'MALE' ? GIVEN_M : GIVEN_F) + (chance(0.65) ? pick(gender === 'MALE' ? GIVEN_M : GIVEN_F) : '');
  const phone = () =>
    `1${pick(['33', '35', '36', '37', '38', '39', '50', '52', '58', '77', '80', '86', '89'])}${String(int(0, 99_999_999)).padStart(8, '0')}`;
  const ageFromPyramid = (minAge = 0) => {
    for (;;) {
      let r = rnd();
      for (const [lo, hi, p] of AGE_BANDS) {
        if ((r -= p) <= 0) {
          const age = int(lo, hi);
          if (age >= minAge) return age;
          break;
        }
      }
    }
  };
  const today = dayjs(opts.today);
  const baseLat = 30.5435;
  const baseLng = 114.3421;
  /**
   * The plan of community `ci` (活地图): a box of about 1.3 km a side around its centre, one column
   * per big grid and one row per small grid of it, so a small grid's facilities and buildings lie in
   * its own cell. `(u, v)` in [0, 1) place a point in the cell of small grid `s` of big grid `b`.
   */
  const onPlan = (ci: number, c: { bigGrids: number; smallPerBig: number }, b: number, s: number, u: number, v: number) => {
    const cellLat = 0.012 / c.smallPerBig;
    const cellLng = 0.014 / c.bigGrids;
    return {
      lat: Number((baseLat + ci * 0.02 - 0.006 + (s + u) * cellLat).toFixed(6)),
      lng: Number((baseLng + ci * 0.02 - 0.007 + (b + v) * cellLng).toFixed(6)),
    };
  };

  const communities = [];
  const grids = [];
  const staff: Record<string, unknown>[] = [];
  const households = [];
  const residents: Record<string, unknown>[] = [];
  const posts = [];
  const duty = [];
  const schedule = [];
  const visits = [];
  const halfDays = [];
  const facilities = [];
  const buildings: Record<string, unknown>[] = [];
  let residentNo = 0;
  let staffNo = 0;

  for (const [ci, c] of opts.communities.entries()) {
    const communityId = demoId('community', ci);
    communities.push({ _id: communityId, name: c.name, street: opts.street });
    const communityStaff: { _id: Types.ObjectId; gridIds: Types.ObjectId[] }[] = [];
    // The secretary sits at the reception desks, the social worker at neither; everyone else also holds a fixed post.
    const addStaff = (role: string, gridIds: Types.ObjectId[], postKinds = ['PUBLIC_POST', 'RECEPTION_DESK']) => {
      const gender = chance(0.6) ? 'FEMALE' : 'MALE';
      const s = { _id: demoId('staff', staffNo++), communityId, name: personName(gender), role, gridIds, dutyPhone: phone(), postKinds };
      staff.push(s);
      communityStaff.push(s);
      return s;
    };
    addStaff('SECRETARY', [], ['RECEPTION_DESK']);
    addStaff('SOCIAL_WORKER', [], []);
    let building = 0;
    const gridWorkers: { _id: Types.ObjectId; gridIds: Types.ObjectId[]; households: Types.ObjectId[] }[] = [];
    for (let b = 0; b < c.bigGrids; b++) {
      const bigId = demoId('grid', `${ci}-${b}`);
      grids.push({ _id: bigId, communityId, name: `第${b + 1}大网格`, level: 'BIG', parentId: null });
      addStaff('COMMITTEE_MEMBER', [bigId]);
      for (let s = 0; s < c.smallPerBig; s++) {
        const smallId = demoId('grid', `${ci}-${b}-${s}`);
        grids.push({ _id: smallId, communityId, name: `第${b * c.smallPerBig + s + 1}小网格`, level: 'SMALL', parentId: bigId });
        const workers = [addStaff('GRID_WORKER', [smallId]), addStaff('GRID_WORKER', [smallId])].map((w) => ({
          ...w,
          households: [] as Types.ObjectId[],
        }));
        gridWorkers.push(...workers);
        const count = int(c.households[0], c.households[1]);
        // Its buildings (24 households each) in rows of blocks inside its cell, clear of the cell's edges.
        const blocks = Math.ceil(count / 24);
        const cols = Math.ceil(Math.sqrt(blocks));
        const rows = Math.ceil(blocks / cols);
        for (let k = 0; k < blocks; k++) {
          const name = `${building + k + 1}栋`;
          buildings.push({
            _id: buildingIdFor(communityId, name),
            communityId,
            gridId: smallId,
            name,
            ...onPlan(ci, c, b, s, 0.15 + (0.7 * (Math.floor(k / cols) + 0.5)) / rows, 0.15 + (0.7 * ((k % cols) + 0.5)) / cols),
            householdCount: Math.min(24, count - k * 24),
          });
        }
        for (let h = 0; h < count; h++) {
          if (h % 24 === 0) building++;
          const unit = 1 + Math.floor((h % 24) / 8);
          const room = `${Math.floor((h % 8) / 2) + 1}0${(h % 2) + 1}`;
          const householdNo = households.length;
          const householdId = demoId('household', householdNo);
          households.push({
            _id: householdId,
            communityId,
            gridId: smallId,
            bigGridId: bigId,
            ungridded: false,
            building: `${building}栋`,
            address: `${c.name}${building}栋${unit}单元${room}室`,
            memberCount: 0,
            tags: [] as string[],
          });
          workers[h % 2]!.households.push(householdId);
          const size = householdNo === 0 ? 2 : pick([1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5]);
          const members = [];
          for (let r = 0; r < size; r++) {
            const gender = chance(0.5) ? 'MALE' : 'FEMALE';
            const age = r === 0 ? ageFromPyramid(25) : ageFromPyramid();
            const birth = today.subtract(age, 'year').subtract(int(1, 364), 'day');
            const birthDate = birth.format('YYYY-MM-DD');
            members.push({
              _id: demoId('resident', residentNo),
              householdId,
              communityId,
              gridId: smallId,
              name: personName(gender as 'MALE' | 'FEMALE'),
              gender,
              birthDate,
              birthMonthDay: birthDate.slice(5),
              age,
              phone: age >= 12 ? phone() : null,
              // Area and sequence derived from the resident number: unique for 5 million residents.
              nationalId: makeNationalId(
                `42${String(Math.floor(residentNo / 500) % 10_000).padStart(4, '0')}`,
                birthDate,
                (residentNo % 500) * 2 + (gender === 'MALE' ? 1 : 0),
              ),
              hukou: chance(0.8) ? 'LOCAL' : 'NON_LOCAL',
              tags: [] as string[],
            });
            residentNo++;
          }
          for (const m of members) {
            if (chance(0.03)) m.tags.push('LOW_INCOME');
            if (chance(0.025)) m.tags.push('DISABLED');
            if (chance(0.01)) m.tags.push('VETERAN_FAMILY');
            if (m.age >= 60 && chance(0.015)) m.tags.push('RETIRED_CADRE');
            if (m.age >= 18 && m.age < 60 && chance(0.03)) m.tags.push('UNEMPLOYED');
          }
          // 空巢 and 独居 by the one rule the mutations, the import and the recount use.
          const tags = householdTags(members, opts.today);
          Object.assign(households.at(-1)!, householdSummary(tags));
          for (const [i, m] of members.entries()) {
            const { age: _age, ...doc } = m;
            residents.push(checkedResident({ ...doc, tags: tags[i]! }, opts.today));
          }
        }
      }
    }

    // Posts, roster, schedules, visits and half-days around today.
    for (const s of communityStaff.slice(2)) {
      const place = pick(PUBLIC_PLACES);
      const weekdays = pick([
        [1, 3, 5],
        [2, 4],
        [1, 2, 3, 4, 5],
        [6, 7],
      ]);
      const [start, end] = pick(POST_HOURS);
      // One draw more, as when start and end were drawn apart: the data generated after the posts stay as they were.
      rnd();
      posts.push({ _id: demoId('post', String(s._id)), staffId: s._id, communityId, place, weekdays, start, end });
    }
    const rota = communityStaff.filter((_, i) => i !== 1);
    let turn = ci;
    for (let d = -7; d <= 14; d++) {
      const date = today.add(d, 'day').format('YYYY-MM-DD');
      for (const part of ['AM', 'PM']) {
        for (const desk of [1, 2]) {
          duty.push({
            _id: demoId('duty', `${ci}:${date}:${part}:${desk}`),
            communityId,
            date,
            part,
            desk,
            staffId: rota[turn++ % rota.length]!._id,
          });
        }
      }
    }
    const todayStr = today.format('YYYY-MM-DD');
    for (const s of communityStaff) {
      for (const [start, end] of [
        ['08:30', '10:00'],
        ['10:00', '11:30'],
        ['14:00', '15:30'],
        ['15:30', '17:00'],
      ] as const) {
        schedule.push({
          _id: demoId('schedule', `${s._id}:${todayStr}:${start}`),
          staffId: s._id,
          communityId,
          date: todayStr,
          start,
          end,
          place: pick(PUBLIC_PLACES),
          task: pick(TASKS),
        });
      }
    }
    for (const w of gridWorkers) {
      const offDeskTarget = pick([3, 4, 5, 5, 6, 7]);
      for (let week = 1; week <= 4; week++) {
        const monday = today.subtract(week, 'week').startOf('week').add(1, 'day');
        let off = 0;
        for (let d = 0; d < 5; d++) {
          for (const part of ['AM', 'PM']) {
            const date = monday.add(d, 'day').format('YYYY-MM-DD');
            const mode = off < offDeskTarget && chance(0.7) ? 'OFF_DESK' : 'ON_DESK';
            if (mode === 'OFF_DESK') off++;
            halfDays.push({
              _id: demoId('halfday', `${w._id}:${date}:${part}`),
              staffId: w._id,
              communityId,
              date,
              part,
              mode,
              place: mode === 'OFF_DESK' ? pick(PUBLIC_PLACES) : '社区办公室',
            });
          }
        }
      }
      for (let v = 0; v < 12; v++) {
        const householdId = pick(w.households);
        visits.push({
          _id: demoId('visit', `${w._id}:${v}`),
          staffId: w._id,
          communityId,
          gridId: w.gridIds[0],
          householdId,
          residentId: null,
          at: today.subtract(int(1, 56), 'day').hour(int(8, 17)).toDate(),
          placeType: pick(['HOME', 'HOME', 'HOME', 'PUBLIC_SPACE', 'MORNING_EXERCISE_SITE', 'SERVICE_STATION']),
          topics: [pick(TOPICS)],
          notes: '了解家庭近况,宣传政策',
          followUps: chance(0.3) ? ['下周回访'] : [],
          idempotencyKey: `demo-visit-${w._id}-${v}`,
        });
      }
    }
    const types = Object.keys(FACILITY_NAMES);
    for (let f = 0; f < opts.facilitiesPerCommunity; f++) {
      const type = types[f % types.length]!;
      // Drawn in the order they always were (grid, then the point), so the data after them stays as it was.
      const b = int(0, c.bigGrids - 1);
      const s = int(0, c.smallPerBig - 1);
      const u = rnd();
      const v = rnd();
      facilities.push({
        _id: demoId('facility', `${ci}-${f}`),
        communityId,
        gridId: demoId('grid', `${ci}-${b}-${s}`),
        type,
        name: `${FACILITY_NAMES[type]}${f + 1}号`,
        // In its grid's cell of the community's plan.
        ...onPlan(ci, c, b, s, u, v),
        status: chance(0.92) ? 'OK' : chance(0.7) ? 'NEEDS_REPAIR' : 'OUT_OF_SERVICE',
        lastInspectedAt: today.subtract(int(1, 90), 'day').toDate(),
      });
    }
  }
  // One household outside every grid, so the 不留死角 report has something to find.
  households.push({
    _id: demoId('household', 'ungridded-0'),
    communityId: demoId('community', 0),
    gridId: null,
    bigGridId: null,
    ungridded: true,
    building: null,
    address: `${opts.communities[0]!.name}临时安置点1室`,
    memberCount: 0,
    tags: [] as string[],
  });

  return { communities, grids, staff, households, residents, posts, duty, schedule, visits, halfDays, facilities, buildings };
}
