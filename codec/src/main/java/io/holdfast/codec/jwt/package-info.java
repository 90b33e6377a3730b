/**
 * JSON Web Tokens (RFC 7519) signed with HMAC SHA-256 (RFC 7518 section 3.2), verified at handshake time without a
 * JSON library: base64url decoding into reused arrays, the claims read with the envelope scanner, and the signature
 * compared in constant time.
 */
package io.holdfast.codec.jwt;
