import { seededRandom, stableObjectId, type Logger, type PiiCipher } from '@jwh/shared';
import type { Models } from '../models/index.js';
import { makeNationalId } from '../services/national-id.js';

/**
 * The deterministic demo data set: one street, two communities, each with 3 big grids of 3 small
 * grids of 12 households. Ids are `stableObjectId('demo:<kind>:<n>')`. Residents 2h and 2h+1 are
 * the first two members of household h (shared's `demoResidentPlacement`, which the other
 * services' demo data rely on); further members are numbered after them. Same data every time.
 */
export const DEMO = {
  street: '东湖街道',
  communities: ['美湖社区', '凤凰山社区'],
  householdsPerSmallGrid: 12,
} as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国玉兰志红春梅德福淑珍';
const TAGS = ['LOW_INCOME', 'DISABLED', 'EMPTY_NEST', 'LIVING_ALONE', 'VETERAN_FAMILY', 'RETIRED_CADRE', 'UNEMPLOYED'];

export const demoId = (kind: string, n: number | string) => stableObjectId(`demo:${kind}:${n}`);

export async function seedDemoData(m: Models, logger: Logger, cipher: PiiCipher): Promise<void> {
  if ((await m.Community.estimatedDocumentCount()) > 0) return;
  const rnd = seededRandom(20261121);
  const pick = <T>(xs: ArrayLike<T>) => xs[Math.floor(rnd() * xs.length)] as T;
  const name = () => pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
  const phone = () => `1${pick('3578')}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  let idSequence = 0;
  const resident = (n: number, h: { _id: unknown; communityId: unknown; gridId: unknown }, head: boolean) => {
    const age = head ? 55 + Math.floor(rnd() * 45) : 3 + Math.floor(rnd() * 90);
    const birthDate = `${2026 - age}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
    const gender = rnd() < 0.5 ? 'MALE' : 'FEMALE';
    const nationalId = makeNationalId('420106', birthDate, (idSequence++ % 500) * 2 + (gender === 'MALE' ? 1 : 0));
    return {
      _id: demoId('resident', n),
      householdId: h._id,
      communityId: h.communityId,
      gridId: h.gridId,
      name: name(),
      gender,
      birthDate,
      phone: age >= 12 ? phone() : null,
      nationalIdEnc: cipher.encrypt(nationalId),
      nationalIdHash: cipher.hash(nationalId),
      hukou: rnd() < 0.8 ? 'LOCAL' : 'NON_LOCAL',
      tags: rnd() < 0.25 ? [pick(TAGS)] : [],
    };
  };

  const communities = [], grids = [], households = [], staff = [];
  let staffNo = 0;
  for (const [ci, communityName] of DEMO.communities.entries()) {
    const communityId = demoId('community', ci);
    communities.push({ _id: communityId, name: communityName, street: DEMO.street });
    staff.push({ _id: demoId('staff', staffNo++), communityId, name: name(), role: 'SECRETARY', gridIds: [], dutyPhone: phone() });
    staff.push({ _id: demoId('staff', staffNo++), communityId, name: name(), role: 'SOCIAL_WORKER', gridIds: [], dutyPhone: phone() });
    for (let b = 0; b < 3; b++) {
      const bigId = demoId('grid', `${ci}-${b}`);
      grids.push({ _id: bigId, communityId, name: `第${b + 1}大网格`, level: 'BIG', parentId: null });
      staff.push({ _id: demoId('staff', staffNo++), communityId, name: name(), role: 'COMMITTEE_MEMBER', gridIds: [bigId], dutyPhone: phone() });
      for (let s = 0; s < 3; s++) {
        const smallId = demoId('grid', `${ci}-${b}-${s}`);
        grids.push({ _id: smallId, communityId, name: `第${b * 3 + s + 1}小网格`, level: 'SMALL', parentId: bigId });
        for (let w = 0; w < 2; w++) {
          staff.push({ _id: demoId('staff', staffNo++), communityId, name: name(), role: 'GRID_WORKER', gridIds: [smallId], dutyPhone: phone() });
        }
        for (let h = 0; h < DEMO.householdsPerSmallGrid; h++) {
          const building = b * 3 + s + 1;
          households.push({
            _id: demoId('household', households.length),
            communityId,
            gridId: smallId,
            bigGridId: bigId,
            address: `${building}号楼${(h % 4) + 1}单元${100 * (Math.floor(h / 4) + 1) + (h % 4) + 1}室`,
          });
        }
      }
    }
  }
  const residents = households.flatMap((h, i) => [resident(2 * i, h, true), resident(2 * i + 1, h, false)]);
  for (const h of households) {
    const extra = Math.floor(rnd() * 3);
    for (let k = 0; k < extra; k++) residents.push(resident(residents.length, h, false));
  }
  // A household outside every grid: the demo shows the 不留死角 gap report has something to find.
  households.push({ _id: demoId('household', households.length), communityId: demoId('community', 0), gridId: null, bigGridId: null, address: '临时安置点1室' });

  await m.Community.insertMany(communities);
  await m.Grid.insertMany(grids);
  await m.Household.insertMany(households);
  await m.Resident.insertMany(residents);
  await m.StaffMember.insertMany(staff);
  logger.info({ communities: communities.length, grids: grids.length, households: households.length, residents: residents.length, staff: staff.length }, 'demo data loaded');
}
