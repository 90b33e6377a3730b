/**
 * RFC 6455 base framing: header decoding and encoding as flyweights over Agrona buffers, payload masking in place,
 * and the per-connection rules that accept or reject a sequence of frame headers, all garbage free.
 */
package io.holdfast.codec.frame;
