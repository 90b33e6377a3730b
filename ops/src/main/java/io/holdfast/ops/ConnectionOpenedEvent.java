package io.holdfast.ops;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code holdfast.ConnectionOpened}: a WebSocket handshake completed. Committed on the worker that owns the
 * connection, once per connection, never per message.
 */
@Name("holdfast.ConnectionOpened")
@Label("Connection Opened")
@Category("holdfast")
@Description("A WebSocket handshake completed and the connection is open")
@StackTrace(false)
final class ConnectionOpenedEvent extends jdk.jfr.Event
{
    @Label("Connection Id")
    @Description("Worker, slot and generation packed in one number, as handlers see it")
    long connectionId;

    @Label("Worker")
    @Description("Index of the worker thread that owns the connection")
    int worker;
}
