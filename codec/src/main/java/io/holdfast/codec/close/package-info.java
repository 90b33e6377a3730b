/**
 * RFC 6455 close frames: the status code registry, and reading and writing close payloads (code plus UTF-8 reason)
 * as flyweights over Agrona buffers, garbage free.
 */
package io.holdfast.codec.close;
