import { stableObjectId, type ChangeRecordModel, type Viewer } from '@jwh/platform';
import type { OrganizationKind, RoomKind } from '../__generated__/resolvers-types.js';
import type { Models } from '../models/index.js';
import { createAlliance } from '../services/alliance.service.js';
import { registerCanteen, registerOrganization } from '../services/organization.service.js';
import { createRoom } from '../services/room.service.js';
import type { RegistryContext } from '../services/registry-input.js';

const community = (c: number) => String(stableObjectId(`demo:community:${c}`));
const room = (c: number, key: string) => String(stableObjectId(`demo:room:${c}:${key}`));

/** The demo data's writer: the street office of both demo communities (the change log shows it as `demo-seed`). */
const seedViewer = (role: 'STREET_ADMIN' | 'COMMUNITY_STAFF'): Viewer => ({
  sub: 'demo-seed',
  role,
  street: '东湖街道',
  communityIds: [community(0), community(1)],
  gridIds: [],
});

const ROOMS: { key: string; name: string; kind: RoomKind; capacity: number; equipment: string[] }[] = [
  { key: 'activity', name: '活动室', kind: 'ACTIVITY', capacity: 40, equipment: ['镜子', '钢琴', '音响'] },
  { key: 'reading', name: '阅览室', kind: 'READING', capacity: 20, equipment: ['书架'] },
  { key: 'talk', name: '谈心室', kind: 'TALK', capacity: 4, equipment: [] },
];

/**
 * The ten social organisations stationed in 美湖's rooms (seed 003: legal advice, knitting, study
 * aid, piano, outdoor activities, reading company, homework help …) and its partner units for the
 * joint meeting. Contacts are made up.
 */
const MEIHU_ORGS: { key: string; name: string; kind: OrganizationKind; services: string[]; rooms: string[]; registration?: string }[] = [
  { key: 'reading-club', name: '美湖读书会', kind: 'CULTURE_SPORTS', services: ['周末绘本课'], rooms: ['reading'], registration: 'FILED' },
  { key: 'legal-aid', name: '蠡湖法律服务社', kind: 'SOCIAL_SERVICE', services: ['法律咨询'], rooms: ['talk'] },
  { key: 'knitting', name: '巧手编织社', kind: 'SELF_ORGANISED', services: ['手工编织'], rooms: ['activity'] },
  { key: 'study-aid', name: '爱心助学会', kind: 'CHARITY', services: ['爱心助学'], rooms: ['talk'] },
  { key: 'piano', name: '琴韵钢琴社', kind: 'CULTURE_SPORTS', services: ['钢琴教学'], rooms: ['activity'] },
  { key: 'outdoor', name: '乐行户外俱乐部', kind: 'CULTURE_SPORTS', services: ['户外活动'], rooms: ['activity'] },
  { key: 'reading-company', name: '伴读志愿服务社', kind: 'SOCIAL_ORGANIZATION', services: ['阅读陪伴'], rooms: ['reading'] },
  { key: 'homework', name: '启航课业辅导中心', kind: 'SOCIAL_SERVICE', services: ['课业辅导'], rooms: ['reading'] },
  { key: 'counselling', name: '心语心理服务站', kind: 'SOCIAL_ORGANIZATION', services: ['心理疏导'], rooms: ['talk'] },
  { key: 'art-troupe', name: '夕阳红艺术团', kind: 'SELF_ORGANISED', services: ['文艺演出'], rooms: ['activity'] },
  { key: 'police', name: '美湖派出所', kind: 'POLICE_STATION', services: ['治安巡逻'], rooms: [] },
  { key: 'school', name: '美湖小学', kind: 'SCHOOL', services: ['护学岗'], rooms: [] },
  { key: 'property', name: '美湖物业服务中心', kind: 'PROPERTY_COMPANY', services: ['物业服务'], rooms: [] },
];

/**
 * The demo registry, written through the same services (and checks) as the mutations: each
 * community's rooms, 美湖's organisations and partner units, the elder-canteen alliance and a canteen
 * per community (the demo PARTNER token is canteen 0).
 */
export async function seedRegistry(models: Models, changeLog: ChangeRecordModel): Promise<void> {
  const staff: RegistryContext = { models, changeLog, viewer: seedViewer('COMMUNITY_STAFF'), requestId: 'demo-seed' };
  const street: RegistryContext = { ...staff, viewer: seedViewer('STREET_ADMIN') };
  for (const c of [0, 1])
    for (const r of ROOMS)
      await createRoom(
        staff,
        { communityId: community(c), name: r.name, kind: r.kind, capacity: r.capacity, equipment: r.equipment },
        stableObjectId(`demo:room:${c}:${r.key}`),
      );
  for (const [i, o] of MEIHU_ORGS.entries())
    await registerOrganization(
      staff,
      {
        communityId: community(0),
        name: o.name,
        kind: o.kind,
        contactName: ['张建国', '李秀英', '王丽娟', '陈志强', '刘海燕'][i % 5]!,
        contactPhone: `0510-8510${String(1000 + i)}`,
        registration: o.registration ?? 'REGISTERED',
        services: o.services,
        roomIds: o.rooms.map((k) => room(0, k)),
      },
      stableObjectId(`demo:org:${o.key}`),
    );
  const alliance = await createAlliance(
    street,
    { name: '爱心餐厅联盟', kind: 'ELDER_CANTEEN', communityIds: [community(0), community(1)], memberOrgIds: [] },
    stableObjectId('demo:alliance:elder-canteen'),
  );
  for (const c of [0, 1])
    await registerCanteen(
      staff,
      {
        communityId: community(c),
        name: c === 0 ? '美湖幸福餐厅' : '凤凰山爱心餐厅',
        contactName: c === 0 ? '周桂兰' : '吴德福',
        contactPhone: c === 0 ? '13951500001' : '13951500002',
        allianceId: String(alliance._id),
      },
      stableObjectId(`demo:org:canteen-${c}`),
    );
}
