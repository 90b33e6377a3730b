#!/usr/bin/python3
"""Hold idle WebSocket connections for ops/bench/idle-rss.sh.

Opens COUNT connections at a bounded rate, then keeps each one open, sending the text heartbeat
{"type":"ping"} every INTERVAL seconds (first one at a random moment in the first interval, so the
heartbeats are spread out) and reading the {"type":"pong"} answer. Needs Debian's python3-websockets
10.4: run with /usr/bin/python3.

stdout gets one line once every connection attempt has finished: "ready OPEN FAILED".
stderr gets a status line every 10 s. Runs until killed.
"""

import argparse
import asyncio
import random
import sys
import time

import websockets

PING = '{"type":"ping"}'
PONG = '{"type":"pong"}'


class Stats:
    opened = 0
    failed = 0
    closed = 0
    pongs = 0
    bad_replies = 0


async def hold(url, local_addr, interval, stats):
    try:
        # Extra keyword arguments reach loop.create_connection; websockets' own ping frames are off
        # (ping_interval=None): the only traffic is the application heartbeat.
        ws = await websockets.connect(
            url, local_addr=(local_addr, 0), ping_interval=None, open_timeout=30,
            max_size=64 * 1024, max_queue=4, read_limit=4096, write_limit=4096)
    except Exception as error:  # noqa: BLE001 - any failure counts as one failed connection
        stats.failed += 1
        if stats.failed <= 5:
            print(f"holder: connect failed: {error!r}", file=sys.stderr, flush=True)
        return
    stats.opened += 1
    try:
        await asyncio.sleep(random.uniform(0, interval))
        while True:
            await ws.send(PING)
            reply = await asyncio.wait_for(ws.recv(), timeout=interval)
            if reply == PONG:
                stats.pongs += 1
            else:
                stats.bad_replies += 1
            await asyncio.sleep(interval)
    except Exception:  # noqa: BLE001 - closed by the server or timed out
        stats.closed += 1


async def report(stats, name):
    while True:
        await asyncio.sleep(10)
        print(f"holder {name}: open {stats.opened - stats.closed} failed {stats.failed} closed {stats.closed} "
              f"pongs {stats.pongs} bad {stats.bad_replies}", file=sys.stderr, flush=True)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--count", type=int, required=True, help="connections to hold")
    parser.add_argument("--rate", type=float, default=2000, help="connection attempts per second")
    parser.add_argument("--local-addr", default="127.0.0.1", help="source address of every connection")
    parser.add_argument("--interval", type=float, default=30, help="seconds between heartbeats")
    args = parser.parse_args()

    stats = Stats()
    name = args.local_addr
    reporter = asyncio.create_task(report(stats, name))
    tasks = []
    start = time.monotonic()
    for i in range(args.count):
        delay = start + i / args.rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(hold(args.url, args.local_addr, args.interval, stats)))
    while stats.opened + stats.failed < args.count:
        await asyncio.sleep(0.05)
    print(f"ready {stats.opened} {stats.failed}", flush=True)
    print(f"holder {name}: {stats.opened} open, {stats.failed} failed in {time.monotonic() - start:.1f} s",
          file=sys.stderr, flush=True)
    await asyncio.gather(reporter, *tasks)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
