// The community's administration (the 管理 tab): staff, facilities, rooms, fixed posts and the
// reception rota, households and residents, grids, organisations: each a list with its own query
// and the graph's mutations as forms. Forms are shown to community staff and street admins (rooms
// and organisations: community staff, as the graph allows); the graph refuses everyone else anyway.
// Each area is its own file under ./admin/.
import { useSearchParams } from 'react-router';
import type { Claims } from '../session';
import FacilitiesPart from './admin/Facilities';
import GridsPart from './admin/Grids';
import HouseholdsPart from './admin/Households';
import OrganizationsPart from './admin/Organizations';
import PostsPart from './admin/Posts';
import RoomsPart from './admin/Rooms';
import StaffPart from './admin/Staff';

const PARTS: [string, string][] = [
  ['staff', '工作人员'],
  ['facilities', '设施'],
  ['rooms', '场地'],
  ['posts', '固定岗与值班'],
  ['households', '住户与居民'],
  ['grids', '网格'],
  ['organizations', '社会组织'],
];

export default function CommunityAdmin({ c, claims }: { c: string; claims: Claims }) {
  const [params, setParams] = useSearchParams();
  const part = PARTS.some(([p]) => p === params.get('part')) ? params.get('part')! : 'staff';
  // What the graph lets each role write: people-grids' administration to street admins and community
  // staff, rooms and organisations (volunteers) to community staff. Hiding is for the user; the graph decides.
  const canEdit = claims.role === 'COMMUNITY_STAFF' || claims.role === 'STREET_ADMIN';
  const canEditVolunteers = claims.role === 'COMMUNITY_STAFF';
  return (
    <div data-admin={part}>
      <nav className="tabs subtabs" aria-label="管理">
        {PARTS.map(([p, l]) => (
          <button key={p} type="button" className={p === part ? 'active' : undefined} onClick={() => setParams({ part: p })} data-part={p}>
            {l}
          </button>
        ))}
      </nav>
      {!canEdit && <p className="muted">只读:仅社区工作人员和街道管理员可修改 (read only)</p>}
      {canEdit && !canEditVolunteers && (part === 'rooms' || part === 'organizations') && (
        <p className="muted">场地和社会组织由社区工作人员维护 (kept by the community's staff)</p>
      )}
      {part === 'staff' && <StaffPart c={c} canEdit={canEdit} />}
      {part === 'facilities' && <FacilitiesPart c={c} canEdit={canEdit} />}
      {part === 'rooms' && <RoomsPart c={c} canEdit={canEditVolunteers} />}
      {part === 'posts' && <PostsPart c={c} canEdit={canEdit} />}
      {part === 'households' && <HouseholdsPart c={c} canEdit={canEdit} />}
      {part === 'grids' && <GridsPart c={c} canEdit={canEdit} />}
      {part === 'organizations' && <OrganizationsPart c={c} canEdit={canEditVolunteers} />}
    </div>
  );
}
