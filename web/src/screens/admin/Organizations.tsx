// The community's organisations and partners (管理 › 社会组织, kept by the community's staff):
// registering, editing, retiring one (an elder canteen is kept by the street, not here).
import { useMutation, useQuery } from '@apollo/client/react';
import {
  AdminOrganizationsDocument,
  RegisterOrganizationDocument,
  UpdateOrganizationDocument,
  type AdminOrganizationsQuery,
  type OrganizationKind,
} from '../../__generated__/graphql';
import { Choice, EditOrAddForm, failed, listOf, phoneError, Text, textError, useAdminForm, type Values } from '../../admin-form';
import { AdminPart } from '../../admin-part';
import { Section, Table } from '../../ui';
import { label, RetireForm } from './shared';

type Organization = AdminOrganizationsQuery['organizations'][number];
const ORG_KINDS: [OrganizationKind, string][] = [
  ['SOCIAL_ORGANIZATION', '社会组织'],
  ['CHARITY', '慈善组织'],
  ['SOCIAL_SERVICE', '社工机构'],
  ['CULTURE_SPORTS', '文体团队'],
  ['SELF_ORGANISED', '居民自组织'],
  ['CARING_BUSINESS', '爱心商家'],
  ['SCHOOL', '学校'],
  ['POLICE_STATION', '派出所'],
  ['PROPERTY_COMPANY', '物业公司'],
  ['ENTERPRISE', '企业'],
];
const REGISTRATIONS: [string, string][] = [
  ['REGISTERED', '已登记'],
  ['FILED', '已备案'],
  ['UNREGISTERED', '未登记'],
];

const orgChecks = (v: Values) =>
  failed({
    name: textError(v.name, 2, 60),
    kind: !v.kind && '必填 (required)',
    contactName: textError(v.contactName, 1, 30),
    contactPhone: phoneError(v.contactPhone),
    services: listOf(v.services).length > 20 && '最多 20 项 (at most 20)',
  });

export default function OrganizationsPart({ c, canEdit }: { c: string; canEdit: boolean }) {
  const result = useQuery(AdminOrganizationsDocument, { variables: { c } });
  return (
    <AdminPart<Organization>
      section="organization-forms"
      canEdit={canEdit}
      retire="注销"
      form={(row, close) => <OrganizationForm c={c} row={row} onClose={close} />}
      retireForm={(row, close) => <RetireForm kind="organization" title={`注销组织:${row.name}`} id={row.id} onClose={close} />}
      actionable={(o) => o.kind !== 'ELDER_CANTEEN'}
    >
      {(actions) => (
        <Section title="社会组织与共建单位" id="organizations" result={result} isEmpty={(d) => d.organizations.length === 0}>
          {(d) => (
            <Table
              testId="organizations"
              rows={d.organizations}
              rowKey={(o) => o.id}
              columns={[
                ['名称', (o) => o.name],
                ['类别', (o) => label(ORG_KINDS, o.kind)],
                ['登记', (o) => label(REGISTRATIONS, o.registration)],
                ['联系人', (o) => o.contactName ?? '—'],
                ['服务', (o) => o.services.join('、') || '—'],
                ...actions,
              ]}
            />
          )}
        </Section>
      )}
    </AdminPart>
  );
}

function OrganizationForm(props: { c: string; row?: Organization; onClose?: () => void }) {
  const { row } = props;
  const form = useAdminForm(
    {
      name: row?.name ?? '',
      kind: row?.kind ?? 'SOCIAL_ORGANIZATION',
      contactName: row?.contactName ?? '',
      contactPhone: row?.contactPhone ?? '',
      registration: row?.registration ?? 'REGISTERED',
      services: row?.services.join('、') ?? '',
      reason: '',
    },
    orgChecks,
  );
  const [register, registered] = useMutation(RegisterOrganizationDocument, { refetchQueries: ['AdminOrganizations'] });
  const [update, updated] = useMutation(UpdateOrganizationDocument, { refetchQueries: ['AdminOrganizations'] });
  const v = form.values;
  const fields = {
    name: v.name.trim(),
    kind: v.kind as OrganizationKind,
    contactName: v.contactName.trim(),
    contactPhone: v.contactPhone.replace(/\s+/g, ''),
    registration: v.registration,
    services: listOf(v.services),
  };
  return (
    <EditOrAddForm
      id="organization"
      editing={!!row}
      title={`修改组织:${row?.name}`}
      addTitle="登记社会组织或共建单位"
      verb="登记"
      form={form}
      update={{
        send: () => update({ variables: { input: { id: row!.id, ...fields, reason: v.reason.trim() || null } } }),
        result: updated,
        name: updated.data?.updateOrganization.name,
      }}
      add={{
        send: () => register({ variables: { input: { communityId: props.c, ...fields } } }),
        result: registered,
        name: registered.data?.registerOrganization.name,
        clear: ['name', 'contactName', 'contactPhone', 'services'],
      }}
      onClose={props.onClose}
    >
      <Text name="name" label="名称" required maxLength={60} hint="2–60 个字,本社区内不重名" />
      <Choice name="kind" label="类别" options={ORG_KINDS} />
      <Choice name="registration" label="登记状态" options={REGISTRATIONS} />
      <Text name="contactName" label="联系人" required maxLength={30} />
      <Text name="contactPhone" label="联系电话" type="tel" inputMode="tel" required hint="手机号或带区号的固定电话" />
      <Text name="services" label="服务项目(用顿号分隔)" placeholder="助老、课后托管" />
      {row && <Text name="reason" label="修改原因" maxLength={200} />}
    </EditOrAddForm>
  );
}
