// An elder canteen (PARTNER): its own month of redemptions, its card holders (names and phones
// masked by the graph) and its settlement to download. Another canteen's page answers FORBIDDEN
// from the graph: the page says so and shows nothing of it.
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { CanteenCardHoldersDocument, CanteenMonthOfDocument } from '../__generated__/graphql';
import { n, thisMonth, when, yuan } from '../format';
import { storedToken, type Claims } from '../session';
import { Figure, Section, Table } from '../ui';

export default function Canteen({ claims }: { claims: Claims }) {
  const { orgId = '' } = useParams();
  // Card holders are the viewer's own canteen's (the graph knows no other): shown on its own page only.
  const own = claims.role === 'PARTNER' && claims.org_id === orgId;
  const [month, setMonth] = useState(thisMonth());
  const result = useQuery(CanteenMonthOfDocument, { variables: { m: month, canteen: orgId } });
  const holders = useQuery(CanteenCardHoldersDocument, { skip: !own });
  const [download, setDownload] = useState<string | null>(null);
  const fetchSettlement = async () => {
    setDownload('下载中…');
    const res = await fetch(`/exports/volunteers/canteens/settlement.xlsx?month=${encodeURIComponent(month)}`, {
      headers: { authorization: `Bearer ${storedToken() ?? ''}` },
    });
    if (!res.ok) return setDownload(`下载失败 (HTTP ${res.status})`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `助餐结算-${month}.xlsx`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setDownload('已下载');
  };
  return (
    <div className="screen" data-screen="canteen">
      <h1>助餐点</h1>
      <label>
        月份 <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} name="month" />
      </label>
      <Section
        title="本月结算"
        id="canteen-month"
        result={result}
        actions={
          result.data && (
            <button type="button" onClick={() => void fetchSettlement()} data-download="settlement">
              下载结算表 (XLSX)
            </button>
          )
        }
      >
        {(d) => (
          <>
            {download && <p className="muted">{download}</p>}
            <div className="figures">
              <Figure label="用餐人次" value={n(d.canteenMonth.meals)} testId="meals" />
              <Figure label="标价合计" value={yuan(d.canteenMonth.listTotalCents)} testId="listTotal" />
              <Figure label="个人实付" value={yuan(d.canteenMonth.paidTotalCents)} testId="paidTotal" />
              <Figure label="应结补贴" value={yuan(d.canteenMonth.subsidyOwedCents)} testId="subsidyOwed" />
            </div>
            <Table
              testId="redemptions"
              rows={d.canteenMonth.redemptions.slice(0, 50)}
              rowKey={(r) => r.id}
              columns={[
                ['时间', (r) => when(r.at)],
                ['卡号', (r) => r.card.cardNo],
                ['标价', (r) => yuan(r.listPriceCents)],
                ['实付', (r) => yuan(r.paidPriceCents)],
              ]}
            />
          </>
        )}
      </Section>
      {own && (
        <Section title="持卡老人(已脱敏)" id="card-holders" result={holders} isEmpty={(d) => d.canteenCardHolders.length === 0}>
          {(d) => (
            <Table
              testId="card-holders"
              rows={d.canteenCardHolders}
              rowKey={(c) => c.id}
              columns={[
                ['卡号', (c) => c.cardNo],
                ['姓名', (c) => c.resident.name],
                ['电话', (c) => c.resident.phone ?? '—'],
                ['状态', (c) => c.status],
                ['有效期至', (c) => c.validUntil],
              ]}
            />
          )}
        </Section>
      )}
    </div>
  );
}
