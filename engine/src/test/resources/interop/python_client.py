"""Interop check of holdfast against Debian's python3-websockets (10.x), a client nobody on the project wrote.

Usage: /usr/bin/python3 python_client.py ws://127.0.0.1:PORT/ws
Prints "OK" as its last line and exits 0 when every check passes; prints "FAIL: ..." and exits 1 otherwise.
Every wait is bounded, so the script always ends by itself.
"""

import asyncio
import random
import sys

import websockets

STEP_TIMEOUT = 5
TOTAL_TIMEOUT = 20


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


async def within(awaitable, what):
    try:
        return await asyncio.wait_for(awaitable, STEP_TIMEOUT)
    except asyncio.TimeoutError:
        raise Mismatch(f"timed out waiting for {what}") from None


async def receive(ws, what):
    return await within(ws.recv(), what)


async def expect_echo(ws, message, what):
    await ws.send(message)
    echoed = await receive(ws, what)
    check(type(echoed) is type(message), f"{what}: echoed as {type(echoed).__name__}")
    check(echoed == message, f"{what}: echoed {len(echoed)} units differ from the {len(message)} sent")


async def run(url):
    # No keepalive pings of the client's own: the test sends the ones it checks.
    async with websockets.connect(url, ping_interval=None, open_timeout=STEP_TIMEOUT,
                                  close_timeout=STEP_TIMEOUT) as ws:
        rng = random.Random(42)
        await expect_echo(ws, "hello, holdfast \u00e9\u20ac\U0001F600", "text")
        await expect_echo(ws, rng.randbytes(300), "binary")
        await expect_echo(ws, "0123456789abcdef\u00e9" * (100 * 1024 // 18), "100 KiB text")
        await expect_echo(ws, rng.randbytes(100 * 1024), "100 KiB binary")

        # An iterable makes websockets send one fragmented message: a text frame and continuation frames.
        await ws.send(["Hel", "lo, \u00e9", "", "world"])
        reply = await receive(ws, "fragmented text")
        check(reply == "Hello, \u00e9world", f"fragmented text echoed as {reply!r}")
        await ws.send([b"\x00\x01", b"\x02", b"\x03\xff"])
        reply = await receive(ws, "fragmented binary")
        check(reply == b"\x00\x01\x02\x03\xff", f"fragmented binary echoed as {reply!r}")

        await ws.send('{"type":"ping"}')
        reply = await receive(ws, "heartbeat reply")
        check(reply == '{"type":"pong"}', f"heartbeat answered with {reply!r}")
        await ws.send("after heartbeat")
        reply = await receive(ws, "message after the heartbeat")
        check(reply == "after heartbeat", f"expected 'after heartbeat' (heartbeat echoed?), got {reply!r}")

        pong_waiter = await ws.ping(b"are you there?")
        await within(pong_waiter, "pong")

        await within(ws.close(code=1000, reason="bye"), "close handshake")
        check(ws.close_code == 1000, f"server closed with {ws.close_code}, expected 1000")


def main():
    if len(sys.argv) != 2:
        print("usage: python_client.py ws://host:port/path")
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
