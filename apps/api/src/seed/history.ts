/**
 * The real history of docs/domain.md as a sequence of API calls, in the order a compliance analyst
 * would have recorded them. Dates are effective times; where the sources give only a week or
 * a month, the first reported day is used and the reason says so. Sources cite the outlet's
 * report by title and date.
 */
export type SeedStep =
  | { readonly ruleId: string; readonly action: 'propose'; readonly body: Record<string, unknown> }
  | { readonly ruleId: string; readonly action: 'pause' | 'approve' | 'rescind' | 'amend'; readonly body: Record<string, unknown> };

const reuters = (title: string, publishedAt: string) => ({
  url: 'https://www.reuters.com/technology/',
  title,
  publisher: 'Reuters',
  publishedAt,
});
const source = (publisher: string, url: string, title: string, publishedAt: string) => ({ url, title, publisher, publishedAt });

const nvidia = (product: string) => ({ vendor: 'NVIDIA', product });
const CN = { country: 'CN' };

export const HISTORY: readonly SeedStep[] = [
  {
    ruleId: 'us-advanced-ai-chips-cn-2022',
    action: 'propose',
    body: {
      title: 'Advanced AI chips (A100, H100, H800) barred from China',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'regulation',
      items: [nvidia('A100'), nvidia('H100'), nvidia('H800')],
      destinations: [CN],
      effect: 'licence-required',
      conditions: [{ kind: 'other', description: 'chip-making tools and EDA software are controlled as well' }],
      sources: [reuters('US curbs exports of advanced computing chips to China', '2022-10-07')],
      effectiveAt: '2022-10-07',
      reason: 'export controls on advanced computing and semiconductor manufacturing items',
    },
  },
  {
    ruleId: 'us-advanced-ai-chips-cn-2022',
    action: 'approve',
    body: { effectiveAt: '2022-10-07', reason: 'in force since the 2022 rule' },
  },
  {
    ruleId: 'us-h20-cn-restriction-2025',
    action: 'propose',
    body: {
      title: 'Restriction on H20 exports to China',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'regulation',
      items: [nvidia('H20')],
      destinations: [CN],
      effect: 'licence-required',
      sources: [reuters('Senators press to restrict Nvidia H20 sales to China', '2025-01-30')],
      effectiveAt: '2025-04-07',
      reason:
        'ready to be announced in the week of April 7 after January alarm over a Chinese model trained on H20s; Chinese firms imported about $16bn of H20s in Q1',
    },
  },
  {
    ruleId: 'us-h20-cn-restriction-2025',
    action: 'pause',
    body: {
      effectiveAt: '2025-04-10',
      reason:
        "put on hold after NVIDIA's CEO met the President; reported link to NVIDIA's pledge to invest in US AI data centres; NVIDIA stock rose 5.9 %",
      sources: [reuters('Trump administration backs off Nvidia H20 chip crackdown after Mar-a-Lago dinner', '2025-04-10')],
    },
  },
  {
    ruleId: 'cn-h20-import-halt-2025',
    action: 'propose',
    body: {
      title: 'China in effect halts imports of the NVIDIA H20',
      authority: 'PRC government',
      jurisdiction: 'CN',
      instrument: 'guidance',
      items: [nvidia('H20')],
      destinations: [CN],
      effect: 'restrict-import',
      sources: [
        source('Al Jazeera', 'https://www.aljazeera.com/economy/', 'China discourages purchases of Nvidia H20 chips', '2025-08-12'),
      ],
      effectiveAt: '2025-08-12',
      reason: 'reported in August 2025; first reported day used',
    },
  },
  { ruleId: 'cn-h20-import-halt-2025', action: 'approve', body: { effectiveAt: '2025-08-12' } },
  {
    ruleId: 'us-blackwell-humain-g42-2025',
    action: 'propose',
    body: {
      title: 'Up to 70,000 Blackwell chips to Humain (Saudi Arabia) and G42 (UAE)',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'licence-decision',
      items: [{ vendor: 'NVIDIA', family: 'Blackwell' }],
      destinations: [
        { country: 'SA', party: 'Humain' },
        { country: 'AE', party: 'G42' },
      ],
      effect: 'allow',
      conditions: [{ kind: 'volume-cap', description: 'up to 70,000 chips in total', value: 70000, unit: 'chips' }],
      sources: [reuters('US approves Nvidia Blackwell chip exports to Saudi Humain and UAE G42', '2025-11-24')],
      effectiveAt: '2025-11-24',
      reason: 'approved in the week of November 23',
    },
  },
  { ruleId: 'us-blackwell-humain-g42-2025', action: 'approve', body: { effectiveAt: '2025-11-24' } },
  {
    ruleId: 'us-h200-cn-2025',
    action: 'propose',
    body: {
      title: 'H200 exports to China under review',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'licence-decision',
      items: [nvidia('H200')],
      destinations: [CN],
      effect: 'licence-required',
      conditions: [{ kind: 'security-review', description: 'Commerce reviewing whether to allow H200 sales to China' }],
      metrics: [
        { name: 'TPP', subject: 'NVIDIA H200', value: 15840 },
        { name: 'TPP', subject: 'Huawei Ascend 910C', value: 12032 },
      ],
      sources: [reuters('US reviewing possible Nvidia H200 chip sales to China', '2025-11-24')],
      effectiveAt: '2025-11-24',
      reason: 'review reported in the week of November 23, after the Busan trade truce of late October',
    },
  },
  {
    ruleId: 'us-h200-cn-2025',
    action: 'amend',
    body: {
      effectiveAt: '2025-12-08',
      changes: {
        title: 'H200 exports to China allowed for approved customers',
        authority: 'US White House',
        instrument: 'executive-decision',
        effect: 'allow',
        conditions: [
          { kind: 'approved-customers-only', description: 'approved customers only' },
          { kind: 'security-review', description: 'after a US security review' },
          { kind: 'revenue-share', description: '25 % of sales paid to the US government', value: 25, unit: '%' },
        ],
      },
      reason: 'the President announced the terms on December 8',
      sources: [
        reuters('Trump says Nvidia can sell H200 chips to China, with 25% cut to US', '2025-12-08'),
        source(
          'Institute for Progress',
          'https://ifp.org/',
          'The H200 is about 6x the H20 and trails the frontier by about 18 months',
          '2025-12-09',
        ),
      ],
    },
  },
  { ruleId: 'us-h200-cn-2025', action: 'approve', body: { effectiveAt: '2025-12-08' } },
  {
    ruleId: 'us-blackwell-rubin-cn-ban-2025',
    action: 'propose',
    body: {
      title: 'Blackwell and Rubin stay banned for China',
      authority: 'US White House',
      jurisdiction: 'US',
      instrument: 'executive-decision',
      items: [
        { vendor: 'NVIDIA', family: 'Blackwell' },
        { vendor: 'NVIDIA', family: 'Rubin' },
      ],
      destinations: [CN],
      effect: 'deny',
      sources: [reuters('Trump says Nvidia can sell H200 chips to China, with 25% cut to US', '2025-12-08')],
      effectiveAt: '2025-12-08',
    },
  },
  { ruleId: 'us-blackwell-rubin-cn-ban-2025', action: 'approve', body: { effectiveAt: '2025-12-08' } },
  {
    ruleId: 'us-amd-intel-cn-2025',
    action: 'propose',
    body: {
      title: 'Similar treatment for AMD and Intel AI chips to China',
      authority: 'US Department of Commerce (BIS)',
      jurisdiction: 'US',
      instrument: 'licence-decision',
      items: [
        { vendor: 'AMD', family: 'Instinct' },
        { vendor: 'Intel', family: 'Gaudi' },
      ],
      destinations: [CN],
      effect: 'allow',
      conditions: [
        { kind: 'revenue-share', description: 'expected to mirror the H200 terms; being worked out by Commerce', value: 25, unit: '%' },
      ],
      sources: [reuters('Trump says Nvidia can sell H200 chips to China, with 25% cut to US', '2025-12-08')],
      effectiveAt: '2025-12-08',
      reason: 'being worked out by Commerce; not yet decided',
    },
  },
  {
    ruleId: 'us-safe-chips-act',
    action: 'propose',
    body: {
      title: 'SAFE Chips Act: ban advanced AI chip exports to adversary nations for at least 30 months',
      authority: 'US Congress',
      jurisdiction: 'US',
      instrument: 'bill',
      items: [nvidia('H200'), { vendor: 'NVIDIA', family: 'Blackwell' }],
      destinations: [CN, { country: 'RU' }, { country: 'IR' }, { country: 'KP' }],
      effect: 'deny',
      conditions: [{ kind: 'minimum-lag', description: 'ban for at least 30 months', value: 30, unit: 'months' }],
      sources: [source('Council on Foreign Relations', 'https://www.cfr.org/', 'The SAFE Chips Act and the H200 decision', '2025-12-09')],
      effectiveAt: '2025-12-04',
      reason: 'a bill in Congress; proposed, not law',
    },
  },
  {
    ruleId: 'cn-public-sector-nvidia-draft-2025',
    action: 'propose',
    body: {
      title: 'Draft: keep NVIDIA chips out of the Chinese public sector',
      authority: 'PRC government',
      jurisdiction: 'CN',
      instrument: 'draft-regulation',
      items: [{ vendor: 'NVIDIA', family: 'Data-centre GPUs' }],
      destinations: [CN],
      effect: 'restrict-import',
      conditions: [{ kind: 'other', description: 'domestic chips keep priority in public procurement' }],
      sources: [source('Quartz', 'https://qz.com/', 'China drafts rules to keep Nvidia chips out of the public sector', '2025-12-09')],
      effectiveAt: '2025-12-09',
    },
  },
  {
    ruleId: 'cn-h200-purchase-approval-draft-2025',
    action: 'propose',
    body: {
      title: 'Draft: government approval before private firms buy H200s',
      authority: 'PRC government',
      jurisdiction: 'CN',
      instrument: 'draft-regulation',
      items: [nvidia('H200')],
      destinations: [CN],
      effect: 'restrict-import',
      conditions: [{ kind: 'importer-government-approval', description: 'buyers must justify why domestic chips will not do' }],
      sources: [
        source("Tom's Hardware", 'https://www.tomshardware.com/', 'China reportedly to require approval for H200 purchases', '2025-12-10'),
      ],
      // The draft was first reported on 9 December, the day after the H200 decision it answers;
      // the cited report is of the 10th. The first reported day is used, as elsewhere.
      effectiveAt: '2025-12-09',
      reason: 'first reported on 9 December, in reply to the H200 decision; first reported day used',
    },
  },
];
