package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code holdfast.HandshakeRejected}: an upgrade request was answered with an HTTP error instead of 101.
 */
@Name("holdfast.HandshakeRejected")
@Label("Handshake Rejected")
@Category("holdfast")
@Description("An upgrade request was refused with an HTTP error status")
@StackTrace(false)
final class HandshakeRejectedEvent extends jdk.jfr.Event
{
    @Label("Status")
    @Description("HTTP status of the response: 400, 404, 405, 426, 431 or 503")
    int status;

    @Label("Reason")
    @Description("Why the request was refused")
    String reason;
}
