package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code holdfast.DutyCycleExceeded}: a worker ran duty cycles longer than the configured threshold since
 * the last check. Committed once a second at most per worker by the server's monitor thread, which reads the
 * workers' counters, so a worker never pays for it.
 */
@Name("holdfast.DutyCycleExceeded")
@Label("Duty Cycle Exceeded")
@Category("holdfast")
@Description("A worker ran duty cycles longer than holdfast.duty.cycle.threshold since the last check")
@StackTrace(false)
final class DutyCycleExceededEvent extends jdk.jfr.Event
{
    @Label("Worker")
    @Description("Index of the worker thread")
    int worker;

    @Label("Cycles Exceeded")
    @Description("Duty cycles longer than the threshold since the last check")
    long cyclesExceeded;

    @Label("Threshold")
    @Description("holdfast.duty.cycle.threshold: a duty cycle longer than this is counted")
    @Timespan
    long threshold;

    @Label("Longest Duty Cycle")
    @Description("Longest duty cycle of the worker since the server started")
    @Timespan
    long longestDutyCycle;
}
