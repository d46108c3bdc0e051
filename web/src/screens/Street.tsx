// The street office (STREET_ADMIN): its communities and, for each, coverage, the new three rates
// with their trend, service figures, off-desk shares, self-assessed against evaluated scores and
// worker scores.
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import {
  CommunityCoverageDocument,
  CommunityOffDeskDocument,
  CommunityRatesDocument,
  CommunityServiceFiguresDocument,
  CommunityWorkerScoresDocument,
  SelfAssessmentsDocument,
  StreetCommunitiesDocument,
  type CommunityRatesQuery,
} from '../__generated__/graphql';
import { Chart } from '../chart';
import { n, percent, rateWithInterval, STAFF_ROLES, thisYear, today } from '../format';
import { Figure, Section, Table } from '../ui';

const RATES = [
  ['meetingRate', '见面率'],
  ['conversationRate', '交谈率'],
  ['familiarityRate', '知晓率'],
  ['satisfactionRate', '满意率'],
] as const;

export default function Street() {
  const communities = useQuery(StreetCommunitiesDocument);
  return (
    <div className="screen" data-screen="street">
      <h1>街道总览</h1>
      <Section title="社区" id="communities" result={communities} isEmpty={(d) => d.communities.length === 0}>
        {(d) => (
          <Table
            testId="communities"
            rows={d.communities}
            rowKey={(c) => c.id}
            columns={[
              ['社区', (c) => <Link to={`/community/${c.id}`}>{c.name}</Link>],
              ['居民', (c) => <span data-residents={c.id}>{n(c.residentCount)}</span>],
              ['户数', (c) => <span data-households={c.id}>{n(c.householdCount)}</span>],
              ['网格覆盖', (c) => <Coverage communityId={c.id} households={c.householdCount} />],
            ]}
          />
        )}
      </Section>
      {communities.data?.communities.map((c) => (
        <div key={c.id} className="community-block">
          <h2 className="block-title">{c.name}</h2>
          <div className="grid2">
            <Rates communityId={c.id} />
            <ServiceFigures communityId={c.id} />
            <OffDesk communityId={c.id} />
            <WorkerScores communityId={c.id} />
          </div>
        </div>
      ))}
      <SelfAssessments />
    </div>
  );
}

function Coverage(props: { communityId: string; households: number }) {
  const { data, error } = useQuery(CommunityCoverageDocument, { variables: { c: props.communityId } });
  if (error && !data) return <span className="muted">—</span>;
  if (!data) return <span className="muted">…</span>;
  const outside = data.ungriddedHouseholds.totalCount;
  return (
    <span data-ungridded={props.communityId}>
      {outside === 0 ? '全部入格' : `${n(outside)} 户未入格`} · 覆盖 {percent(props.households ? 1 - outside / props.households : null)}
      {data.gridsOutOfRange.length > 0 && ` · ${data.gridsOutOfRange.length} 个网格超出300–350户`}
    </span>
  );
}

function Rates(props: { communityId: string }) {
  const rates = useQuery(CommunityRatesDocument, { variables: { c: props.communityId } });
  return (
    <Section
      title="新三率(最近一轮,95%置信区间)"
      id={`rates-${props.communityId}`}
      result={rates}
      isEmpty={(d) => d.threeRatesTrend.length === 0}
    >
      {(d) => <RatesBody trend={d.threeRatesTrend} />}
    </Section>
  );
}

function RatesBody(props: { trend: CommunityRatesQuery['threeRatesTrend'] }) {
  const latest = props.trend[props.trend.length - 1]!;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: props.trend.map((t) => t.wave.period) },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => percent(v) } },
      animation: false,
      // One wave: bars; several: the trend as lines.
      series: RATES.map(([key, label]) => ({
        name: label,
        type: props.trend.length > 1 ? 'line' : 'bar',
        symbolSize: 8,
        data: props.trend.map((t) => t[key].rate),
      })),
    }),
    [props.trend],
  );
  return (
    <>
      <p className="muted">
        {latest.wave.title}({latest.wave.period}),{n(latest.responses)} 份答卷
      </p>
      <div className="figures">
        {RATES.map(([key, label]) => (
          <Figure key={key} label={label} value={rateWithInterval(latest[key])} testId={key} />
        ))}
      </div>
      <Chart label="新三率历轮趋势" option={option} height={220} />
    </>
  );
}

function ServiceFigures(props: { communityId: string }) {
  const figures = useQuery(CommunityServiceFiguresDocument, {
    variables: { c: props.communityId, from: `${thisYear()}-01-01`, to: today() },
  });
  return (
    <Section title="为民服务(本年)" id={`service-${props.communityId}`} result={figures}>
      {(d) => (
        <div className="figures">
          <Figure label="在办" value={n(d.open.totalCount)} testId="open" />
          <Figure label="超期" value={n(d.overdue.totalCount)} testId="overdue" />
          <Figure label="按时办结率" value={percent(d.serviceRequestStats.onTimeRate)} testId="onTimeRate" />
          <Figure
            label="本年受理"
            value={n(d.serviceRequestStats.total)}
            hint={`已办结 ${n(d.serviceRequestStats.delivered)}`}
            testId="total"
          />
        </div>
      )}
    </Section>
  );
}

function OffDesk(props: { communityId: string }) {
  const shares = useQuery(CommunityOffDeskDocument, { variables: { c: props.communityId, w: today(-7) } });
  return (
    <Section title="离柜率(上周)" id={`offdesk-${props.communityId}`} result={shares} isEmpty={(d) => d.offDeskShares.length === 0}>
      {(d) => {
        const on = d.offDeskShares.filter((s) => s.offDesk + s.onDesk > 0);
        const met = on.filter((s) => s.meetsTarget).length;
        const avg = on.length ? on.reduce((n, s) => n + s.share, 0) / on.length : null;
        return (
          <>
            <div className="figures">
              <Figure label="达标人数" value={`${met} / ${on.length}`} hint="记录了半天的工作人员" testId="offDeskMet" />
              <Figure label="平均离柜率" value={percent(avg)} testId="offDeskAverage" />
            </div>
            <details>
              <summary>逐人明细</summary>
              <Table
                rows={d.offDeskShares}
                rowKey={(s) => s.staff.id}
                columns={[
                  ['工作人员', (s) => s.staff.name],
                  ['离柜 / 在柜(半天)', (s) => `${s.offDesk} / ${s.onDesk}`],
                  ['离柜率', (s) => <span className={s.meetsTarget ? 'ok' : 'bad'}>{percent(s.share)}</span>],
                ]}
              />
            </details>
          </>
        );
      }}
    </Section>
  );
}

function WorkerScores(props: { communityId: string }) {
  const scores = useQuery(CommunityWorkerScoresDocument, { variables: { c: props.communityId, p: thisYear() } });
  return (
    <Section title="工作人员考评(本年)" id={`scores-${props.communityId}`} result={scores} isEmpty={(d) => d.workerScores.length === 0}>
      {(d) => {
        const ranked = [...d.workerScores].filter((s) => s.total != null).sort((a, b) => b.total! - a.total!);
        return (
          <>
            <p className="muted">
              {ranked.length} 人有总分;最高 {ranked[0]?.worker.name ?? '—'} {ranked[0]?.total?.toFixed(1) ?? ''},最低{' '}
              {ranked.at(-1)?.worker.name ?? '—'} {ranked.at(-1)?.total?.toFixed(1) ?? ''}
            </p>
            <details>
              <summary>逐人明细(按总分)</summary>
              <Table
                rows={[...ranked, ...d.workerScores.filter((s) => s.total == null)]}
                rowKey={(s) => s.worker.id}
                columns={[
                  ['工作人员', (s) => `${s.worker.name}(${STAFF_ROLES[s.worker.role] ?? s.worker.role})`],
                  ['离柜率', (s) => percent(s.offDeskShare)],
                  ['按时办结', (s) => percent(s.onTimeRate)],
                  ['评议', (s) => n(s.reviewScore)],
                  ['抽查', (s) => n(s.auditScore)],
                  ['总分', (s) => <strong>{s.total == null ? '—' : s.total.toFixed(1)}</strong>],
                ]}
              />
            </details>
          </>
        );
      }}
    </Section>
  );
}

function SelfAssessments() {
  const result = useQuery(SelfAssessmentsDocument, { variables: { p: thisYear() } });
  return (
    <Section title="自评与考评得分" id="self-assessments" result={result} isEmpty={(d) => d.selfAssessments.length === 0}>
      {(d) => (
        <Table
          rows={d.selfAssessments}
          rowKey={(s) => s.id}
          columns={[
            ['社区', (s) => s.community.name],
            ['自评', (s) => `${s.selfTotal} / ${s.maxTotal}`],
            ['考评', (s) => (s.evaluatedTotal == null ? '待考评' : String(s.evaluatedTotal))],
            ['差距', (s) => (s.gap == null ? '—' : s.gap.toFixed(1))],
          ]}
        />
      )}
    </Section>
  );
}
