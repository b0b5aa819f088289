/**
 * Certificate failures, told apart from network trouble: retrying does not help, and the fix is a
 * trusted certificate (or NODE_EXTRA_CA_CERTS for a private CA), not the network.
 */

const REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed certificate this machine does not trust",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is signed by an authority this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT: "the server's certificate is signed by an authority this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is signed by an authority this machine does not trust",
  CERT_UNTRUSTED: "the server's certificate is not trusted",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  CERT_REVOKED: "the server's certificate has been revoked",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
  HOSTNAME_MISMATCH: "the server's certificate is for another host name",
};

/** What is wrong with the server's certificate, for a TLS error code; undefined for any other code. */
export function certificateProblem(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (REASONS[code]) return REASONS[code];
  // OpenSSL's other verification failures (CERT_SIGNATURE_FAILURE, INVALID_CA, …).
  return /^(CERT_|UNABLE_TO_|INVALID_CA$|ERR_TLS_CERT)/.test(code) ? "the server's certificate could not be verified" : undefined;
}
