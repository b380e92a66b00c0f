import { operatorNotice } from '../internal/operator-notice.js';

/**
 * Tells the operator that introspection for `issuer` fails, once at the first failure of an outage.
 * Names the code and, for an HTTP error, the status (a 401 usually means a wrong client secret).
 */
export function sayIntrospectionOutage(issuer: string, code: string, httpStatus: number | undefined): void {
  const status = httpStatus === undefined ? '' : `, status ${httpStatus}`;
  const hint = httpStatus === 401 ? '; check the introspection client id and secret' : '';
  operatorNotice.error(
    `otel-jwt: token introspection for issuer ${issuer} failed (${code}${status})${hint}; its opaque tokens are unverified (introspection_unavailable) while it fails`,
  );
}

/** The end of an outage, said once, where the operator saw its start. */
export function sayIntrospectionRecovery(issuer: string, failures: number): void {
  operatorNotice.warn(
    `otel-jwt: token introspection for issuer ${issuer} answered after ${failures} failure${failures === 1 ? '' : 's'}`,
  );
}

/** An active answer named another issuer: said once per issuer, it is a configuration matter. */
export function sayIntrospectionIssuerMismatch(issuer: string): void {
  operatorNotice.warn(
    `otel-jwt: the introspection endpoint of issuer ${issuer} answered "active" with a different "iss"; such tokens are refused as inactive (check that the endpoint belongs to this issuer and that issuers[].issuer matches its "iss" exactly)`,
  );
}
