'use strict';
// Interop check of holdfast against npm's ws, a client nobody on the project wrote.
// Usage: NODE_PATH=/path/to/node_modules node node_client.js ws://127.0.0.1:PORT/ws
// Prints "OK" as its last line and exits 0 when every check passes; prints "FAIL: ..." and exits 1 otherwise.
// Every wait is bounded, so the script always ends by itself.

const WebSocket = require('ws');

const STEP_TIMEOUT_MS = 5000;
const TOTAL_TIMEOUT_MS = 20000;

function fail(message) {
    console.log('FAIL: ' + message);
    process.exit(1);
}

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

function within(promise, what) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out waiting for ' + what)), STEP_TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Messages and pongs in arrival order, handed to whoever awaits the next one.
class Inbox {
    constructor() {
        this.items = [];
        this.waiters = [];
    }

    push(item) {
        const waiter = this.waiters.shift();
        if (waiter) {
            waiter(item);
        } else {
            this.items.push(item);
        }
    }

    next(what) {
        if (this.items.length > 0) {
            return Promise.resolve(this.items.shift());
        }
        return within(new Promise((resolve) => this.waiters.push(resolve)), what);
    }
}

function randomBytes(length, seed) {
    const bytes = Buffer.alloc(length);
    let state = seed;
    for (let i = 0; i < length; i++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = state >>> 16;
    }
    return bytes;
}

async function expectEcho(ws, messages, data, isBinary, what) {
    ws.send(data, { binary: isBinary });
    const reply = await messages.next(what);
    check(reply.isBinary === isBinary, what + ': echoed with the other type');
    check(Buffer.compare(reply.data, Buffer.from(data)) === 0,
        what + ': echoed ' + reply.data.length + ' bytes differ from the ' + Buffer.byteLength(data) + ' sent');
}

async function expectText(messages, expected, what) {
    const reply = await messages.next(what);
    check(!reply.isBinary, what + ': got a binary message');
    const text = reply.data.toString('utf8');
    check(text === expected, what + ': expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(text));
}

async function run(url) {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: STEP_TIMEOUT_MS });
    const messages = new Inbox();
    const pongs = new Inbox();
    const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data, isBinary) => messages.push({ data: data, isBinary: isBinary }));
    ws.on('pong', (data) => pongs.push(data));
    const errored = new Promise((resolve, reject) => ws.on('error', reject));
    await within(Promise.race([new Promise((resolve) => ws.on('open', resolve)), errored]), 'open');
    errored.catch(() => {});

    await expectEcho(ws, messages, 'hello, holdfast \u00e9\u20ac\u{1F600}', false, 'text');
    await expectEcho(ws, messages, randomBytes(300, 1), true, 'binary');
    await expectEcho(ws, messages, '0123456789abcdef\u00e9'.repeat(Math.floor(100 * 1024 / 18)), false,
        '100 KiB text');
    await expectEcho(ws, messages, randomBytes(100 * 1024, 2), true, '100 KiB binary');

    ws.send('Hel', { fin: false });
    ws.send('lo, \u00e9', { fin: false });
    ws.send('world', { fin: true });
    await expectText(messages, 'Hello, \u00e9world', 'fragmented text');

    ws.send('{"type":"ping"}');
    await expectText(messages, '{"type":"pong"}', 'heartbeat reply');
    ws.send('after heartbeat');
    await expectText(messages, 'after heartbeat', 'message after the heartbeat (heartbeat echoed?)');

    const pingPayload = Buffer.from('are you there?');
    ws.ping(pingPayload);
    const pong = await pongs.next('pong');
    check(Buffer.compare(pong, pingPayload) === 0, 'pong payload ' + JSON.stringify(pong.toString()) + ' differs');

    ws.close(1000, 'bye');
    const code = await within(closed, 'close');
    check(code === 1000, 'server closed with ' + code + ', expected 1000');
}

if (process.argv.length !== 3) {
    fail('usage: node node_client.js ws://host:port/path');
}
const overall = setTimeout(() => fail('timed out'), TOTAL_TIMEOUT_MS);
run(process.argv[2]).then(
    () => {
        clearTimeout(overall);
        console.log('OK');
    },
    (error) => fail(error && error.message ? error.message : String(error)));
