/**
 * Topics of the pub/sub protocol: topic name rules and hashing, the errors a request can get, and the server's
 * replies (message, acks, errors) written straight into a send buffer in the JSON and the SBE form.
 */
package io.holdfast.codec.topic;
