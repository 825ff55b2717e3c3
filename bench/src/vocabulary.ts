/**
 * The words the bench's history is written in: items and destinations. A ledger of 100,000
 * rules is not 100,000 rules about a dozen chips and sixteen countries; it is what a real
 * control list holds: hundreds of products from dozens of vendors (ECCNs 3A090 and 4A090 alone
 * cover every accelerator above a performance threshold), destinations across the world, and
 * thousands of named parties (the US Entity List names well over a thousand in China alone).
 * So the named items and parties of the real history stand beside a generated long tail, and
 * each is as likely as any other: a screening line meets the few dozen rules that name its
 * item and country, as it would in life, and the rules a list walks are those of one country.
 */

type Item = { readonly vendor: string; readonly product: string } | { readonly vendor: string; readonly family: string };
type Party = { readonly country: string; readonly party: string };

const NAMED_ITEMS: readonly Item[] = [
  { vendor: 'NVIDIA', product: 'H100' },
  { vendor: 'NVIDIA', product: 'H200' },
  { vendor: 'NVIDIA', product: 'H20' },
  { vendor: 'NVIDIA', product: 'H800' },
  { vendor: 'NVIDIA', product: 'A100' },
  { vendor: 'NVIDIA', product: 'B200' },
  { vendor: 'NVIDIA', family: 'Blackwell' },
  { vendor: 'NVIDIA', family: 'Rubin' },
  { vendor: 'AMD', product: 'MI300X' },
  { vendor: 'AMD', product: 'MI308' },
  { vendor: 'Intel', product: 'Gaudi 3' },
  { vendor: 'Huawei', product: 'Ascend 910C' },
];

const VENDORS = [
  'NVIDIA',
  'AMD',
  'Intel',
  'Huawei',
  'Cambricon',
  'Biren',
  'Moore Threads',
  'Hygon',
  'Enflame',
  'Iluvatar CoreX',
  'MetaX',
  'Kunlunxin',
  'Google',
  'Amazon',
  'Microsoft',
  'Meta',
  'Cerebras',
  'Groq',
  'Tenstorrent',
  'SambaNova',
] as const;

/** Fifteen generated products per vendor (e.g. `MooreThreads-07`: no two vendors share one), besides the named ones. */
const GENERATED_ITEMS: readonly Item[] = VENDORS.flatMap((vendor) =>
  Array.from({ length: 15 }, (_, n) => ({ vendor, product: `${vendor.replace(/\s/g, '')}-${String(n + 1).padStart(2, '0')}` })),
);

export const ITEMS: readonly Item[] = [...NAMED_ITEMS, ...GENERATED_ITEMS];

/** Countries export controls on AI chips name, from the arms-embargoed to the licence tiers. */
export const COUNTRIES = [
  'CN', 'RU', 'IR', 'KP', 'SY', 'BY', 'CU', 'VE', 'MM', 'AF', 'IQ', 'LY', 'SA', 'AE', 'QA', 'KW',
  'BH', 'OM', 'JO', 'EG', 'IN', 'PK', 'BD', 'LK', 'VN', 'MY', 'SG', 'TH', 'ID', 'PH', 'KH', 'LA',
  'MN', 'KZ', 'UZ', 'KG', 'TJ', 'TM', 'AZ', 'AM', 'GE', 'IL', 'TR', 'BR', 'MX', 'AR', 'CL', 'CO',
  'PE', 'ZA', 'NG', 'KE', 'ET', 'MA', 'DZ', 'TN', 'RS', 'UA', 'MD', 'HK', 'MO', 'TW', 'KR', 'JP',
] as const; // prettier-ignore

const NAMED_PARTIES: readonly Party[] = [
  { country: 'SA', party: 'Humain' },
  { country: 'AE', party: 'G42' },
  { country: 'CN', party: 'Alibaba Cloud' },
  { country: 'CN', party: 'ByteDance' },
  { country: 'MY', party: 'YTL Power' },
];

/** Named parties, as entity lists hold them: thirty per country (e.g. `CN Entity 017`). */
const GENERATED_PARTIES: readonly Party[] = COUNTRIES.flatMap((country) =>
  Array.from({ length: 30 }, (_, n) => ({ country, party: `${country} Entity ${String(n + 1).padStart(3, '0')}` })),
);

export const PARTIES: readonly Party[] = [...NAMED_PARTIES, ...GENERATED_PARTIES];
