const LOOPBACK_NAMES = new Set(["localhost", "[::1]", "::1"]);

/** A URL hostname on this machine: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
