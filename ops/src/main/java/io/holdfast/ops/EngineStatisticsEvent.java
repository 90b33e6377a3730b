package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code holdfast.EngineStatistics}: the engine's counters added up over its workers, committed by JFR's
 * periodic thread (every second by default) from the counters, as {@code holdfast stat} reads them.
 */
@Name("holdfast.EngineStatistics")
@Label("Engine Statistics")
@Category("holdfast")
@Description("The engine's counters summed over its workers; totals since the server started unless noted")
@Period("1 s")
@StackTrace(false)
final class EngineStatisticsEvent extends jdk.jfr.Event
{
    @Label("Workers")
    @Description("Worker threads that have counters")
    int workers;

    @Label("Connections Active")
    @Description("Open connections now")
    long connectionsActive;

    @Label("Connections Opened")
    @Description("Connections that completed the handshake")
    long connectionsOpened;

    @Label("Connections Closed")
    @Description("Open connections that ended, for any reason")
    long connectionsClosed;

    @Label("Handshakes Accepted")
    @Description("Upgrade requests answered with 101")
    long handshakesAccepted;

    @Label("Handshakes Rejected")
    @Description("Upgrade requests refused with an HTTP error")
    long handshakesRejected;

    @Label("Messages Received")
    @Description("Complete data messages received, heartbeats included")
    long messagesReceived;

    @Label("Messages Sent")
    @Description("Data messages sent, heartbeat replies included")
    long messagesSent;

    @Label("Bytes Received")
    @Description("Bytes read from client sockets: handshakes, frame headers and payloads")
    @DataAmount
    long bytesReceived;

    @Label("Bytes Sent")
    @Description("Bytes written to client sockets: handshake responses, frame headers and payloads")
    @DataAmount
    long bytesSent;

    @Label("Pending Output")
    @Description("Output bytes waiting now for sockets that did not take them")
    @DataAmount
    long pendingBytes;

    @Label("Errors")
    @Description("Errors reported to the error handler: handler exceptions, I/O failures, worker failures")
    long errors;

    @Label("Topics")
    @Description("Topics with subscribers now, counted once on each worker that has subscribers to it")
    long topics;

    @Label("Subscriptions")
    @Description("Subscriptions of open connections to topics now")
    long subscriptions;

    @Label("Publishes")
    @Description("Publishes accepted, from clients, the admin endpoint and the application alike")
    long publishes;

    @Label("Publishes Refused")
    @Description("Publishes refused because a worker's command buffer was full or the message too large")
    long publishesRefused;

    @Label("Deliveries")
    @Description("Published messages sent or queued to subscribers: one per subscriber per publish")
    long deliveries;

    @Label("Messages Dropped")
    @Description("Messages dropped for slow consumers under holdfast.slow.consumer=drop")
    long messagesDropped;

    @Label("Longest Duty Cycle")
    @Description("Longest duty cycle of any worker since the server started")
    @Timespan
    long longestDutyCycle;
}
