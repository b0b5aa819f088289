/** The demo workspace's sending domains. Dependency-free: `deliverability --help` lists their ids. */

export interface SandboxDomain {
  id: string;
  name: string;
}

/** Sending domains; each campaign sends from one of them. */
export const DOMAINS: readonly SandboxDomain[] = [
  { id: "dom_k3x9p2", name: "outreach.acme-mail.com" },
  { id: "dom_m7q4t8", name: "hello.acme-growth.io" },
  { id: "dom_r2w6z5", name: "team.tryacme.co" },
];
