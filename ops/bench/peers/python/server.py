#!/usr/bin/python3
"""Python + websockets peer of holdfast's benchmark: the same default semantics as holdfast serve, on asyncio.

Usage: /usr/bin/python3 server.py PORT IDLE_SECONDS   (Debian's python3-websockets 10.4 API)

Listens on 127.0.0.1:PORT path /ws (any other path gets 404). A text message {"type":"ping"} is answered with
{"type":"pong"}; any other message is echoed with its type. A connection that sends nothing for IDLE_SECONDS is
closed with 1001. Every 10 s the number of open connections is printed as "connections N" when it changed.
websockets' own keepalive pings are off and compression is not offered, as in holdfast.
"""

import asyncio
import http
import sys

import websockets

PING = '{"type":"ping"}'
PONG = '{"type":"pong"}'
STATUS_INTERVAL = 10


class Peer:
    """One server: its idle timeout and its count of open connections."""

    def __init__(self, idle_seconds):
        self.idle_seconds = idle_seconds
        self.live = 0

    async def serve(self, websocket):
        """Answer the heartbeat, echo everything else, close after idle_seconds without a message."""
        self.live += 1
        try:
            while True:
                try:
                    message = await asyncio.wait_for(websocket.recv(), self.idle_seconds)
                except asyncio.TimeoutError:
                    await websocket.close(1001, "idle timeout")
                    return
                await websocket.send(PONG if message == PING else message)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.live -= 1

    async def report_connections(self):
        reported = 0
        while True:
            await asyncio.sleep(STATUS_INTERVAL)
            if self.live != reported:
                reported = self.live
                print(f"connections {reported}", flush=True)


def only_ws_path(path, request_headers):
    """Refuse the upgrade with 404 for any path but /ws."""
    if path != "/ws":
        return http.HTTPStatus.NOT_FOUND, [], b"not found\n"
    return None


async def main(port, idle_seconds):
    peer = Peer(idle_seconds)
    # backlog: holdfast's (asyncio's default is 100), so a burst of connects at the load generator's rate is queued.
    async with websockets.serve(peer.serve, "127.0.0.1", port, process_request=only_ws_path,
                                ping_interval=None, compression=None, backlog=4096):
        await peer.report_connections()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: server.py PORT IDLE_SECONDS")
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2])))
