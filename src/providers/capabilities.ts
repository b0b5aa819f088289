/**
 * What each analytics provider can serve, declared once. The commander tree, every `--help`
 * ("works with: …"), shell completion and the usage error for an unsupported command all read
 * this table (CLI.md, "Providers"). Kept free of imports: `--help` loads it.
 */

export const PROVIDER_NAMES = ["tenant", "campaignos", "coldsend", "sendkit"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const DEFAULT_PROVIDER: ProviderName = "tenant";

/** The things a command can ask of a provider. */
export const FEATURES = [
  "campaign",
  "campaigns",
  "overview",
  "timeline",
  "deliverability",
  "heatmap",
  "funnel",
  "cohorts",
  "attribution",
  "compare",
  "export",
  "exports",
  "api",
] as const;
export type Feature = (typeof FEATURES)[number];

/** `api`: the provider's own endpoint; `local`: computed by the CLI from the provider's own data. */
export type Support = "api" | "local";

export interface ProviderDescriptor {
  name: ProviderName;
  /** Shown in help and `auth status`, e.g. "ColdSend public API". */
  title: string;
  /** What the user pastes at `auth login`, e.g. "API key (scope campaigns:read)". */
  credential: string;
  /** Whether the API's paths carry a workspace id (tenant, campaignos) or the key names one (coldsend, sendkit). */
  usesWorkspace: boolean;
  /** Prefilled at `auth login` and used when no API URL is set. */
  defaultApiUrl?: string;
  features: Readonly<Partial<Record<Feature, Support>>>;
}

export const PROVIDERS: Readonly<Record<ProviderName, ProviderDescriptor>> = {
  tenant: {
    name: "tenant",
    title: "Tenant Analytics API",
    credential: "workspace token",
    usesWorkspace: true,
    features: {
      campaign: "api",
      campaigns: "api",
      overview: "api",
      deliverability: "api",
      heatmap: "api",
      compare: "api",
      export: "api",
      exports: "api",
      api: "api",
    },
  },
  campaignos: {
    name: "campaignos",
    title: "CampaignOS analytics",
    credential: "session token",
    usesWorkspace: true,
    features: {
      campaign: "api",
      overview: "api",
      timeline: "api",
      funnel: "api",
      cohorts: "api",
      attribution: "api",
      compare: "local",
      export: "local",
      api: "api",
    },
  },
  coldsend: {
    name: "coldsend",
    title: "ColdSend public API",
    credential: "API key (scope campaigns:read)",
    usesWorkspace: false,
    defaultApiUrl: "https://api.coldsend.pro",
    features: {
      campaign: "api",
      campaigns: "api",
      overview: "api",
      timeline: "api",
      compare: "local",
      export: "local",
      api: "api",
    },
  },
  sendkit: {
    name: "sendkit",
    title: "SendKit campaign analytics",
    credential: "API key (sk_… or sk_user_…)",
    usesWorkspace: false,
    defaultApiUrl: "https://api.sendkit.ai",
    features: {
      campaign: "api",
      compare: "local",
      export: "local",
      api: "api",
    },
  },
};

/** What a missing feature is called in `error: coldsend has no … data`. */
const FEATURE_NOUNS: Readonly<Record<Feature, string>> = {
  campaign: "campaign data",
  campaigns: "campaign list",
  overview: "workspace overview",
  timeline: "timeline data",
  deliverability: "deliverability data",
  heatmap: "heatmap data",
  funnel: "funnel data",
  cohorts: "cohort data",
  attribution: "attribution data",
  compare: "comparison data",
  export: "export data",
  exports: "server-side exports",
  api: "raw API",
};

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/** How `provider` serves `feature`, or undefined when it cannot. */
export function supportOf(provider: ProviderName, feature: Feature): Support | undefined {
  return PROVIDERS[provider].features[feature];
}

/** The providers that can serve `feature`, in the table's order. */
export function providersFor(feature: Feature): ProviderName[] {
  return PROVIDER_NAMES.filter((name) => supportOf(name, feature) !== undefined);
}

/** The "works with" line of a command's help. */
export function worksWithLine(feature: Feature): string {
  return `works with: ${providersFor(feature).join(", ")}`;
}

/** Why `provider` cannot run a command of `feature`, or undefined when it can (CLI.md's two lines). */
export function unsupported(provider: ProviderName, feature: Feature, command: string): { message: string; hint: string } | undefined {
  if (supportOf(provider, feature)) return undefined;
  return { message: `${provider} has no ${FEATURE_NOUNS[feature]}`, hint: `${command} works with: ${providersFor(feature).join(", ")}` };
}
