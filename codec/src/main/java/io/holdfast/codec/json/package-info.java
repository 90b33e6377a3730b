/**
 * The JSON envelope clients send in text messages ({@code {"type":"ping"}}, subscribe, unsubscribe, publish):
 * validated and located in place by a garbage-free, non-recursive scanner.
 */
package io.holdfast.codec.json;
