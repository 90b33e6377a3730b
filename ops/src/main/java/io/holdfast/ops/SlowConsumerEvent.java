package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code holdfast.SlowConsumer}: a connection that did not read its output went over a pending-output
 * bound and is being closed with 1008, or, under {@code holdfast.slow.consumer=drop}, started having its messages
 * dropped (once per run of drops).
 */
@Name("holdfast.SlowConsumer")
@Label("Slow Consumer")
@Category("holdfast")
@Description("A connection went over a pending-output bound (holdfast.max.pending or holdfast.max.pending.total) " +
    "and is being closed with 1008, or its messages are being dropped until it drains")
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
    @Description("Output the connection held, or would have held, when it went over")
    @DataAmount
    long pendingBytes;

    @Label("Action")
    @Description("What holdfast.slow.consumer did: close (the connection is cut) or drop (its messages are dropped)")
    String action;
}
