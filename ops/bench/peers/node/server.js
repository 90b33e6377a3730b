'use strict';
// Node.js + ws peer of holdfast's benchmark: the same default semantics as holdfast serve, written the way ws's
// README writes a server.
//
// Usage: node server.js PORT IDLE_SECONDS   (ws is found through NODE_PATH; run.sh sets it)
//
// Listens on 127.0.0.1:PORT path /ws. A text message {"type":"ping"} is answered with {"type":"pong"}; any other
// message is echoed with its type. A connection that sends nothing for IDLE_SECONDS is closed with 1001. Every
// 10 s the number of open connections is printed as "connections N" when it changed.
//
// Idle connections are found by one sweep a second over wss.clients rather than a timer per connection: a message
// then costs one property store instead of a timer re-arm, an idle connection carries a number instead of a Timeout
// object, and the sweep over 19,000 connections takes well under a millisecond. A connection is closed between
// IDLE_SECONDS and IDLE_SECONDS + 1 s after its last message.
const { WebSocketServer } = require('ws');

const [port, idleSeconds] = process.argv.slice(2).map(Number);
if (!(port > 0) || !(idleSeconds > 0)) {
  console.error('usage: node server.js PORT IDLE_SECONDS');
  process.exit(2);
}
const idleMs = idleSeconds * 1000;
const PING = Buffer.from('{"type":"ping"}');
const PONG = '{"type":"pong"}';

// holdfast's listen backlog (the default is 511), so a burst of connects at the load generator's rate is queued.
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws', backlog: 4096 });

wss.on('connection', (ws) => {
  ws.lastMessageAt = Date.now();
  ws.on('message', (data, isBinary) => {
    ws.lastMessageAt = Date.now();
    if (!isBinary && PING.equals(data)) {
      ws.send(PONG);
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
});

setInterval(() => {
  const now = Date.now();
  for (const ws of wss.clients) {
    if (now - ws.lastMessageAt >= idleMs) {
      ws.close(1001, 'idle timeout');
    }
  }
}, 1000);

let reported = 0;
setInterval(() => {
  if (wss.clients.size !== reported) {
    reported = wss.clients.size;
    console.log(`connections ${reported}`);
  }
}, 10000);
