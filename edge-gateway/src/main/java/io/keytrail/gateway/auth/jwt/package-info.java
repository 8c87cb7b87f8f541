/**
 * The jwt policy: a signed JWT in the request, verified against keys read once from the config
 * (RS256, ES256, HS256), checked for validity period, issuer and audience, naming the developer.
 * With key-auth on the same API both must pass and name the same developer.
 */
package io.keytrail.gateway.auth.jwt;
