/**
 * Incremental, garbage-free UTF-8 validation over Agrona buffers, for text messages and close reasons that may arrive
 * split across frames at any byte.
 */
package io.holdfast.codec.utf8;
