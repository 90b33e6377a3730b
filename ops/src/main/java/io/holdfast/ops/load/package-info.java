/**
 * {@code holdfast load}: a WebSocket load generator on the engine's codec that holds tens of thousands of
 * connections in one small process, as the engine does on the server side: one selector loop per I/O thread,
 * connection state in flat primitive arrays, direct buffers, and nothing allocated per message.
 * <p>
 * {@link io.holdfast.ops.load.LoadOptions} says what to run (idle connections, echo in a closed or open loop, or a
 * broadcast through holdfast's pub/sub protocol), {@link io.holdfast.ops.load.LoadGenerator} runs it and prints the
 * report lines, {@link io.holdfast.ops.load.LoadResult} holds what was measured (a broadcast's in its
 * {@link io.holdfast.ops.load.BroadcastResult}).
 */
package io.holdfast.ops.load;
