// Numbers, dates and times for zh-CN, in Asia/Shanghai (the street's own time, whatever the browser's).
const TZ = 'Asia/Shanghai';
const int = new Intl.NumberFormat('zh-CN');
const pct = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

export const n = (v: number | null | undefined) => (v == null ? '—' : int.format(v));
export const percent = (v: number | null | undefined) => (v == null ? '—' : pct.format(v));
export const yuan = (cents: number | null | undefined) =>
  cents == null ? '—' : new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(cents / 100);
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
/** A LocalDate (YYYY-MM-DD) as 2026年11月26日 周四. */
export const day = (local: string | null | undefined) => (local ? dateFmt.format(new Date(`${local}T12:00:00+08:00`)) : '—');

/** Today in Asia/Shanghai, YYYY-MM-DD; `offsetDays` moves it. */
export function today(offsetDays = 0): string {
  return ymd.format(new Date(Date.now() + offsetDays * 86_400_000));
}
export const thisMonth = () => today().slice(0, 7);
export const thisYear = () => today().slice(0, 4);
/** A rate with its 95% interval: 92.3%(88.1%–95.2%). */
export const rateWithInterval = (r: { rate?: number | null; low?: number | null; high?: number | null } | null | undefined) =>
  !r || r.rate == null
    ? '—'
    : r.low == null || r.high == null
      ? percent(r.rate)
      : `${percent(r.rate)}(${percent(r.low)}–${percent(r.high)})`;

export const TAGS: Record<string, string> = {
  LOW_INCOME: '低保',
  DISABLED: '残疾',
  EMPTY_NEST: '空巢',
  LIVING_ALONE: '独居',
  VETERAN_FAMILY: '军属',
  RETIRED_CADRE: '离退休干部',
  UNEMPLOYED: '失业',
};
export const TIERS: Record<string, string> = { AGE_60: '60岁以上', AGE_70: '70岁以上', AGE_80: '80岁以上', AGE_90: '90岁以上' };
export const STATUS: Record<string, string> = {
  RECEIVED: '已受理',
  MATERIALS_COLLECTED: '材料已齐',
  FORWARDED: '已转办',
  RESULT_RECEIVED: '已出结果',
  DELIVERED: '已送达',
  REFERRED: '已转介',
  REJECTED: '不予受理',
  WITHDRAWN: '已撤回',
};
export const STAFF_ROLES: Record<string, string> = {
  SECRETARY: '书记',
  COMMITTEE_MEMBER: '委员',
  GRID_WORKER: '网格员',
  SOCIAL_WORKER: '社工',
};
export const FACILITY_TYPES: Record<string, string> = {
  FIRE_HYDRANT: '消防栓',
  MANHOLE_COVER: '井盖',
  EXERCISE_EQUIPMENT: '健身器材',
  BIN: '垃圾桶',
  GREEN_SPACE: '绿地',
  MEDICAL_STATION: '卫生站',
  RECYCLING_STATION: '回收站',
  CONVENIENCE_STATION: '便民服务站',
  VOLUNTEER_POST: '志愿服务岗',
};
export const FACILITY_STATUS: Record<string, string> = { OK: '完好', NEEDS_REPAIR: '待维修', OUT_OF_SERVICE: '停用' };
export const ACTIVITY_STATUS: Record<string, string> = { SCHEDULED: '报名中', CANCELLED: '已取消' };
export const SIGN_UP_STATUS: Record<string, string> = { CONFIRMED: '已确认', WAITLISTED: '候补', CANCELLED: '已取消' };
