#!/usr/bin/python3
"""Check that a running benchmark peer has holdfast's default semantics; run by ops/bench/peers/check.sh.

Against ws://127.0.0.1:PORT/ws, with Debian's python3-websockets 10.4 (/usr/bin/python3): the text heartbeat
{"type":"ping"} is answered with {"type":"pong"}; text and binary messages, small and large, are echoed with their
type; a ping frame gets its pong; a client close is answered with the same code; with --idle SECONDS, traffic
resets the idle timer and a silent connection is closed by the server with 1001 about SECONDS after its last
message; the server's stdout (--log) reports "connections N" for a held connection and "connections 0" once all
are closed. Prints one line per check and a closing "N passed, N failed"; exit status 1 when any failed.
"""

import argparse
import asyncio
import re
import sys
import time

import websockets

PING = '{"type":"ping"}'
PONG = '{"type":"pong"}'
COUNT_LINE = re.compile(r"^connections (\d+)$", re.MULTILINE)
STATUS_INTERVAL = 10
# A client without compression and with room for the largest echo, like holdfast load.
CONNECT = dict(ping_interval=None, compression=None, max_size=1 << 20, open_timeout=10, close_timeout=10)


class Checks:
    """Counts and prints the outcome of each check."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


async def exchange(ws, message):
    """Send one message and return the reply, or raise on a 5 s silence."""
    await ws.send(message)
    return await asyncio.wait_for(ws.recv(), timeout=5)


async def check_messages(ws, checks):
    reply = await exchange(ws, PING)
    checks.report("heartbeat answered with pong", reply == PONG, repr(reply))
    for text in ('{"type":"chat","text":"hello"}', "x" * 256, "é€𝄞" * 5000):
        reply = await exchange(ws, text)
        detail = "" if reply == text else repr(reply)[:60]
        checks.report(f"text echo of {len(text.encode())} bytes", reply == text, detail)
    for data in (bytes(range(256)), bytes(64 * 1000)):
        reply = await exchange(ws, data)
        checks.report(f"binary echo of {len(data)} bytes", reply == data, type(reply).__name__)
    pong_waiter = await ws.ping(b"frame")
    await asyncio.wait_for(pong_waiter, timeout=5)
    checks.report("ping frame answered with pong frame", True)


async def check_idle(ws, idle, checks):
    """Traffic just before the deadline keeps the connection; silence then closes it with 1001."""
    await asyncio.sleep(idle * 0.7)
    reply = await exchange(ws, PING)
    await asyncio.sleep(idle * 0.7)
    checks.report("traffic resets the idle timer", reply == PONG and ws.open)
    last = time.monotonic() - idle * 0.7
    try:
        message = await asyncio.wait_for(ws.recv(), timeout=idle + 10)
        checks.report("idle connection closed", False, f"received {message!r}")
    except websockets.ConnectionClosed:
        silent = time.monotonic() - last
        ok = ws.close_code == 1001 and idle - 0.5 <= silent <= idle + 3
        checks.report("idle connection closed with 1001", ok, f"code {ws.close_code} after {silent:.1f} s silent")
    except asyncio.TimeoutError:
        checks.report("idle connection closed", False, f"still open after {idle + 10} s")


async def hold(url, stop):
    """Keep one connection busy with heartbeats until stop is set, so the count line shows it."""
    async with websockets.connect(url, **CONNECT) as ws:
        while not stop.is_set():
            await exchange(ws, PING)
            try:
                await asyncio.wait_for(stop.wait(), timeout=1)
            except asyncio.TimeoutError:
                pass


async def await_count(log, start, predicate, timeout):
    """Return (count, end offset) of the first count line after offset start that satisfies predicate."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log, encoding="utf-8", errors="replace") as file:
            text = file.read()
        for match in COUNT_LINE.finditer(text, start):
            if predicate(int(match.group(1))):
                return int(match.group(1)), match.end()
        await asyncio.sleep(0.2)
    return None, start


async def main(args):
    checks = Checks()
    stop = asyncio.Event()
    holder = asyncio.create_task(hold(args.url, stop))
    async with websockets.connect(args.url, **CONNECT) as ws:
        await check_messages(ws, checks)
        if args.idle:
            await check_idle(ws, args.idle, checks)
    if not args.idle:
        checks.report("client close answered with 1000", ws.close_code == 1000, f"code {ws.close_code}")
    count, offset = await await_count(args.log, 0, lambda n: n >= 1, STATUS_INTERVAL + 5)
    checks.report("count line for open connections", count is not None, f"connections {count}")
    stop.set()
    await holder
    count, _ = await await_count(args.log, offset, lambda n: n == 0, STATUS_INTERVAL + 5)
    checks.report("count line once all are closed", count == 0, f"connections {count}")
    print(f"{args.name}: {checks.passed} passed, {checks.failed} failed", flush=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--log", required=True, help="the peer's stdout, as a file")
    parser.add_argument("--idle", type=float, default=0, help="the peer's idle timeout in seconds; 0: none")
    parser.add_argument("--name", default="check")
    sys.exit(asyncio.run(main(parser.parse_args())))
