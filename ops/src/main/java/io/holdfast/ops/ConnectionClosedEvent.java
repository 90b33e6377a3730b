package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code holdfast.ConnectionClosed}: an open connection ended, with why, the close code and how long it
 * lived. Committed on the worker that owned the connection.
 */
@Name("holdfast.ConnectionClosed")
@Label("Connection Closed")
@Category("holdfast")
@Description("An open WebSocket connection ended and its socket is closed")
@StackTrace(false)
final class ConnectionClosedEvent extends jdk.jfr.Event
{
    @Label("Connection Id")
    @Description("Worker, slot and generation packed in one number, as handlers see it")
    long connectionId;

    @Label("Worker")
    @Description("Index of the worker thread that owned the connection")
    int worker;

    @Label("Reason")
    @Description("Why it ended: client close, server close, idle timeout, protocol error 1002/1007/1009, " +
        "slow consumer, shutdown, handler error, connection lost, inbound message rate, inbound byte rate or " +
        "ping flood")
    String reason;

    @Label("Close Code")
    @Description("The close code sent or received; 1006 when none was")
    int closeCode;

    @Label("Lifetime")
    @Description("Time from the completed handshake to the close")
    @Timespan(Timespan.MILLISECONDS)
    long lifetime;
}
