// Evaluation (测评): survey waves with their draw's progress, the walk list, the new three rates by
// grid, audits, and the representatives' meeting.
import { useQuery } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import {
  AuditsDocument,
  GridNamesDocument,
  RepresentativeMeetingsDocument,
  WalkListDocument,
  WaveRatesByGridDocument,
  WaveDrawsDocument,
  WavesDocument,
  type WaveDrawsQuery,
} from '../__generated__/graphql';
import type { Claims } from '../session';
import { n, rateWithInterval } from '../format';
import { Pager, Section, Table, useCursor } from '../ui';

const ITEM_STATUS: Record<string, string> = { SELECTED: '待访', RESERVE: '备选', REPLACED: '已替换' };
const WAVE_STATUS: Record<string, string> = { PLANNED: '计划中', DRAWING: '抽样中', OPEN: '调查中', CLOSED: '已结束' };

export default function Evaluation({ claims }: { claims: Claims }) {
  const { communityId = '' } = useParams();
  const waves = useQuery(WavesDocument, { variables: { c: communityId } });
  const street = claims.role === 'STREET_ADMIN';
  const draws = useQuery(WaveDrawsDocument, { variables: { c: communityId }, skip: !street });
  const drawOf = new Map(draws.data?.surveyWaves.map((w) => [w.id, w.draw]));
  const [picked, setPicked] = useState<string | null>(null);
  const list = waves.data?.surveyWaves ?? [];
  const wave = list.find((w) => w.id === picked) ?? list.find((w) => w.status === 'CLOSED') ?? list[0];
  return (
    <div className="screen" data-screen="evaluation">
      <h1>测评</h1>
      <Section title="调查轮次" id="waves" result={waves} isEmpty={(d) => d.surveyWaves.length === 0}>
        {(d) => (
          <Table
            testId="waves"
            rows={d.surveyWaves}
            rowKey={(w) => w.id}
            columns={[
              [
                '轮次',
                (w) => (
                  <button type="button" className={w.id === wave?.id ? 'link picked' : 'link'} onClick={() => setPicked(w.id)}>
                    {w.title}
                  </button>
                ),
              ],
              ['期间', (w) => w.period],
              ['状态', (w) => WAVE_STATUS[w.status] ?? w.status],
              ...(street
                ? [['抽样', (w: { id: string }) => <DrawState draw={drawOf.get(w.id)} />] as [string, (w: { id: string }) => ReactNode]]
                : []),
            ]}
          />
        )}
      </Section>
      {wave && <RatesByGrid waveId={wave.id} communityId={communityId} />}
      {wave && drawOf.get(wave.id) && <WalkList drawId={drawOf.get(wave.id)!.id} />}
      <Audits communityId={communityId} />
      <Meeting communityId={communityId} />
    </div>
  );
}

function DrawState({ draw }: { draw: WaveDrawsQuery['surveyWaves'][number]['draw'] | undefined }) {
  if (!draw) return <>未抽样</>;
  if (draw.status === 'DONE') return <>完成(总体 {n(draw.populationSize)})</>;
  return (
    <>
      {draw.progress.phase} {draw.progress.percent == null ? '' : `${draw.progress.percent.toFixed(0)}%`}
    </>
  );
}

function RatesByGrid({ waveId, communityId }: { waveId: string; communityId: string }) {
  const rates = useQuery(WaveRatesByGridDocument, { variables: { w: waveId } });
  const grids = useQuery(GridNamesDocument, { variables: { c: communityId } });
  const names = new Map(grids.data?.community?.grids.map((g) => [g.id, g.name]));
  return (
    <Section title="新三率(按网格,95%置信区间)" id="rates-by-grid" result={rates} isEmpty={(d) => d.threeRates.length === 0}>
      {(d) => (
        <Table
          testId="rates-by-grid"
          rows={d.threeRates}
          rowKey={(r) => r.scopeId}
          columns={[
            ['网格', (r) => names.get(r.scopeId) ?? r.scopeId],
            ['答卷', (r) => n(r.responses)],
            ['见面率', (r) => rateWithInterval(r.meetingRate)],
            ['交谈率', (r) => rateWithInterval(r.conversationRate)],
            ['知晓率', (r) => rateWithInterval(r.familiarityRate)],
            ['满意率', (r) => rateWithInterval(r.satisfactionRate)],
          ]}
        />
      )}
    </Section>
  );
}

function WalkList({ drawId }: { drawId: string }) {
  const cursor = useCursor();
  const result = useQuery(WalkListDocument, { variables: { draw: drawId, first: 20, after: cursor.after } });
  return (
    <Section title="入户名单(样本)" id="walk-list" result={result} isEmpty={(d) => !d.sampleDraw || d.sampleDraw.items.totalCount === 0}>
      {(d) => (
        <>
          <Table
            testId="walk-list"
            rows={d.sampleDraw!.items.nodes}
            rowKey={(i) => i.id}
            columns={[
              ['层', (i) => i.grid?.name ?? i.stratum],
              ['住户', (i) => i.household.address],
              ['状态', (i) => (i.answered ? '已答' : (ITEM_STATUS[i.status] ?? i.status))],
            ]}
          />
          <Pager cursor={cursor} pageInfo={d.sampleDraw!.items.pageInfo} total={d.sampleDraw!.items.totalCount} pageSize={20} />
        </>
      )}
    </Section>
  );
}

function Audits({ communityId }: { communityId: string }) {
  const result = useQuery(AuditsDocument, { variables: { c: communityId } });
  return (
    <Section title="抽查核实" id="audits" result={result} isEmpty={(d) => d.audits.length === 0}>
      {(d) => (
        <Table
          rows={d.audits.flatMap((a) => a.summary.map((s) => ({ a, s })))}
          rowKey={(r) => `${r.a.id}:${r.s.worker.id}`}
          columns={[
            ['期间', (r) => r.a.period],
            ['网格员', (r) => r.s.worker.name],
            ['抽取', (r) => n(r.s.drawn)],
            ['属实', (r) => n(r.s.verified)],
            ['查无', (r) => n(r.s.notFound)],
            ['不符', (r) => n(r.s.discrepancy)],
            ['待查', (r) => n(r.s.pending)],
          ]}
        />
      )}
    </Section>
  );
}

function Meeting({ communityId }: { communityId: string }) {
  const result = useQuery(RepresentativeMeetingsDocument, { variables: { c: communityId } });
  return (
    <Section title="居民代表评议会" id="meetings" result={result} isEmpty={(d) => d.representativeMeetings.length === 0}>
      {(d) => (
        <>
          {d.representativeMeetings.map((m) => (
            <div key={m.id}>
              <h3>
                {m.title}({m.year}):{n(m.ballotsCast)} / {n(m.representatives)} 票(纸质 {n(m.paperBallots)})
              </h3>
              {m.results && (
                <Table
                  rows={m.results}
                  rowKey={(r) => r.worker.id}
                  columns={[
                    ['网格员', (r) => r.worker.name],
                    ['非常满意', (r) => n(r.counts.verySatisfied)],
                    ['满意', (r) => n(r.counts.satisfied)],
                    ['不满意', (r) => n(r.counts.notSatisfied)],
                  ]}
                />
              )}
            </div>
          ))}
        </>
      )}
    </Section>
  );
}
