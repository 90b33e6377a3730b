package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code holdfast.SlowConsumer}: a connection that did not read its output went over a pending-output
 * bound and is being closed with 1008.
 */
@Name("holdfast.SlowConsumer")
@Label("Slow Consumer")
@Category("holdfast")
@Description("A connection went over a pending-output bound (holdfast.max.pending or holdfast.max.pending.total) " +
    "and is being closed with 1008")
@StackTrace(false)
final class SlowConsumerEvent extends jdk.jfr.Event
{
    @Label("Connection Id")
    @Description("Worker, slot and generation packed in one number, as handlers see it")
    long connectionId;

    @Label("Worker")
    @Description("Index of the worker thread that owns the connection")
    int worker;

    @Label("Pending Bytes")
    @Description("Output the connection held, or would have held, when it was cut")
    @DataAmount
    long pendingBytes;
}
