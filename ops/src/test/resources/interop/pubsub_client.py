"""Pub/sub interop check of holdfast with Debian's python3-websockets as a browser-style JSON client.

Usage: /usr/bin/python3 pubsub_client.py ws://127.0.0.1:PORT/ws  (or the script on stdin: python3 - URL)
Subscribes to interop/news in JSON and then publishes {"client":"python"} to interop/ready, the test's cue to
publish one message from its SBE Java client and one with Engine.publish; checks both arrive exactly, in either
order, and that an unknown request type gets an error reply. Prints "OK" last and exits 0 when every check passes;
prints "FAIL: ..." and exits 1 otherwise. Every wait is bounded, so the script always ends by itself.
"""

import asyncio
import sys

import websockets

STEP_TIMEOUT = 5
TOTAL_TIMEOUT = 20
EXPECTED_MESSAGES = {
    '{"type":"message","topic":"interop/news","data":{"from":"sbe","text":"caf\u00e9"}}',
    '{"type":"message","topic":"interop/news","data":{"from":"engine","n":[1,2,3]}}',
}


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


async def receive(ws, what):
    try:
        reply = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
    except asyncio.TimeoutError:
        raise Mismatch(f"timed out waiting for {what}") from None
    check(isinstance(reply, str), f"{what}: got a binary message {reply!r}")
    return reply


async def expect(ws, expected, what):
    reply = await receive(ws, what)
    check(reply == expected, f"{what}: expected {expected!r}, got {reply!r}")


async def run(url):
    # No keepalive pings of the client's own: only the protocol's messages travel.
    async with websockets.connect(url, ping_interval=None, open_timeout=STEP_TIMEOUT,
                                  close_timeout=STEP_TIMEOUT) as ws:
        await ws.send('{"type":"subscribe","topic":"interop/news"}')
        await expect(ws, '{"type":"subscribed","topic":"interop/news"}', "subscribe ack")
        await ws.send('{"type":"publish","topic":"interop/ready","data":{"client":"python"}}')

        received = {await receive(ws, "first message"), await receive(ws, "second message")}
        check(received == EXPECTED_MESSAGES, f"messages {sorted(received)!r}, expected {sorted(EXPECTED_MESSAGES)!r}")

        await ws.send('{"type":"nope"}')
        await expect(ws, '{"type":"error","code":"unknown_type","reason":"unknown request type"}', "error reply")

        await asyncio.wait_for(ws.close(code=1000, reason="bye"), STEP_TIMEOUT)
        check(ws.close_code == 1000, f"server closed with {ws.close_code}, expected 1000")


def main():
    if len(sys.argv) != 2:
        print("usage: pubsub_client.py ws://host:port/path")
        return 2
    try:
        asyncio.run(asyncio.wait_for(run(sys.argv[1]), TOTAL_TIMEOUT))
    except asyncio.TimeoutError:
        print("FAIL: timed out")
        return 1
    except Exception as ex:  # every failure, including connection errors, becomes a message and exit 1
        print(f"FAIL: {type(ex).__name__}: {ex}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
