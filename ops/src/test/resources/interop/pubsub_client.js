'use strict';
// Pub/sub interop check of holdfast with npm's ws as a browser-style JSON client.
// Usage: node pubsub_client.js ws://127.0.0.1:PORT/ws NODE_MODULES  (or the script on stdin: node - URL NODE_MODULES)
// Subscribes to interop/news in JSON and then publishes {"client":"node"} to interop/ready, the test's cue to publish
// one message from its SBE Java client and one with Engine.publish; checks both arrive exactly, in either order, and
// that an unknown request type gets an error reply. Prints "OK" last and exits 0 when every check passes; prints
// "FAIL: ..." and exits 1 otherwise. Every wait is bounded, so the script always ends by itself.

const path = require('path');

const STEP_TIMEOUT_MS = 5000;
const TOTAL_TIMEOUT_MS = 20000;
const EXPECTED_MESSAGES = [
    '{"type":"message","topic":"interop/news","data":{"from":"engine","n":[1,2,3]}}',
    '{"type":"message","topic":"interop/news","data":{"from":"sbe","text":"caf\u00e9"}}',
];

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

// Text messages in arrival order, handed to whoever awaits the next one.
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

    async next(what) {
        const item = this.items.length > 0 ?
            this.items.shift() : await within(new Promise((resolve) => this.waiters.push(resolve)), what);
        check(!item.isBinary, what + ': got a binary message');
        return item.data.toString('utf8');
    }
}

async function expect(messages, expected, what) {
    const text = await messages.next(what);
    check(text === expected, what + ': expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(text));
}

async function run(url, WebSocket) {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: STEP_TIMEOUT_MS });
    const messages = new Inbox();
    const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data, isBinary) => messages.push({ data: data, isBinary: isBinary }));
    const errored = new Promise((resolve, reject) => ws.on('error', reject));
    await within(Promise.race([new Promise((resolve) => ws.on('open', resolve)), errored]), 'open');
    errored.catch(() => {});

    ws.send('{"type":"subscribe","topic":"interop/news"}');
    await expect(messages, '{"type":"subscribed","topic":"interop/news"}', 'subscribe ack');
    ws.send('{"type":"publish","topic":"interop/ready","data":{"client":"node"}}');

    const received = [await messages.next('first message'), await messages.next('second message')].sort();
    check(JSON.stringify(received) === JSON.stringify(EXPECTED_MESSAGES),
        'messages ' + JSON.stringify(received) + ', expected ' + JSON.stringify(EXPECTED_MESSAGES));

    ws.send('{"type":"nope"}');
    await expect(messages, '{"type":"error","code":"unknown_type","reason":"unknown request type"}', 'error reply');

    ws.close(1000, 'bye');
    const code = await within(closed, 'close');
    check(code === 1000, 'server closed with ' + code + ', expected 1000');
}

if (process.argv.length !== 4) {
    fail('usage: node pubsub_client.js ws://host:port/path NODE_MODULES');
}
const overall = setTimeout(() => fail('timed out'), TOTAL_TIMEOUT_MS);
new Promise((resolve) => resolve(require(path.join(process.argv[3], 'ws'))))
    .then((WebSocket) => run(process.argv[2], WebSocket))
    .then(
        () => {
            clearTimeout(overall);
            console.log('OK');
        },
        (error) => fail(error && error.message ? error.message : String(error)));
