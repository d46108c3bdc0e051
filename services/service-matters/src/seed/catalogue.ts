import type { AddMatterInput } from '../__generated__/resolvers-types.js';

/**
 * The doorstep matter catalogue of the domain page (DOMAIN.md §3): the demo street's, added when
 * empty through the same checks as `addMatter` (services/matter-terms.ts). Matters the street or
 * the city decides are referred to the street's service centre unless an entry says otherwise.
 */
export const CATALOGUE: AddMatterInput[] = [
  { code: 'PENSION_CARD', name: '养老金卡调整', deadlineWorkingDays: 5, decidedBy: 'STREET', requiredMaterials: ['身份证', '原养老金卡'] },
  {
    code: 'LTC_INSURANCE',
    name: '长期护理保险申请',
    deadlineWorkingDays: 10,
    decidedBy: 'CITY',
    requiredMaterials: ['身份证', '医保卡', '病历资料'],
  },
  {
    code: 'OUTPATIENT_MAJOR_ILLNESS',
    name: '门诊大病登记',
    deadlineWorkingDays: 7,
    decidedBy: 'CITY',
    requiredMaterials: ['身份证', '医保卡', '诊断证明'],
  },
  {
    code: 'MIN_LIVING_ALLOWANCE',
    name: '最低生活保障(低保)申请',
    deadlineWorkingDays: 20,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '户口簿', '收入证明'],
  },
  {
    code: 'TEMPORARY_SUBSIDY',
    name: '临时救助补助',
    deadlineWorkingDays: 10,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '困难情况说明'],
  },
  {
    code: 'BIRTH_PERMIT',
    name: '准生证(生育登记)',
    deadlineWorkingDays: 3,
    decidedBy: 'COMMUNITY',
    requiredMaterials: ['夫妻双方身份证', '结婚证'],
  },
  {
    code: 'SENIOR_CARD',
    name: '老年证办理',
    deadlineWorkingDays: 5,
    decidedBy: 'COMMUNITY',
    requiredMaterials: ['身份证', '一寸照片'],
    eligibility: { minAge: 60, localHukouRequired: true },
    referTo: '市老龄办窗口(非本地户籍老人)',
  },
  {
    code: 'SENIOR_PRIVILEGE_CARD',
    name: '老年优待证办理',
    deadlineWorkingDays: 10,
    decidedBy: 'CITY',
    requiredMaterials: ['身份证', '一寸照片'],
    eligibility: { minAge: 60 },
    referTo: '市老龄办窗口',
  },
  {
    code: 'MEDICAL_INSURANCE',
    name: '城乡居民医保参保',
    deadlineWorkingDays: 5,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '户口簿'],
  },
  {
    code: 'SOCIAL_INSURANCE',
    name: '社保业务咨询与代办',
    deadlineWorkingDays: 5,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '社保卡'],
  },
  { code: 'PROPERTY_SERVICE', name: '物业服务协调', deadlineWorkingDays: 3, decidedBy: 'COMMUNITY', requiredMaterials: [] },
  {
    code: 'DISABILITY_SUBSIDY',
    name: '残疾人两项补贴',
    deadlineWorkingDays: 15,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '残疾证'],
    eligibility: { requiredTag: 'DISABLED' },
    referTo: '区残联窗口',
  },
  {
    code: 'ELDER_CARE_SUBSIDY',
    name: '高龄津贴申请',
    deadlineWorkingDays: 10,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '银行卡'],
    eligibility: { minAge: 80, localHukouRequired: true },
    referTo: '街道民政科',
  },
  {
    code: 'RESIDENCE_PROOF',
    name: '居住证明开具',
    deadlineWorkingDays: 1,
    decidedBy: 'COMMUNITY',
    requiredMaterials: ['身份证', '租房合同或房产证'],
  },
  {
    code: 'UNEMPLOYMENT_REGISTRATION',
    name: '失业登记',
    deadlineWorkingDays: 3,
    decidedBy: 'STREET',
    requiredMaterials: ['身份证', '解除劳动合同证明'],
  },
];
