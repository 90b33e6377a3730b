// Command holdfast-go-peer is the Go + gorilla/websocket peer of holdfast's benchmark: the same default semantics
// as holdfast serve and holdfast's JSON pub/sub protocol, written the way gorilla's own examples write a server.
//
// Usage: holdfast-go-peer PORT IDLE_SECONDS
//
// It listens on 127.0.0.1:PORT path /ws. A text message {"type":"ping"} is answered with {"type":"pong"}; any
// other message is echoed with its type, unless it is a pub/sub request. A connection that sends nothing for
// IDLE_SECONDS is closed with 1001. Every 10 s the number of open connections is printed as "connections N" when it
// changed.
//
// Pub/sub: a text message that starts with {"type":"subscribe", {"type":"unsubscribe" or {"type":"publish" is a
// request of holdfast's protocol: {"type":"subscribe","topic":"T"} is acknowledged with
// {"type":"subscribed","topic":"T"}, {"type":"unsubscribe","topic":"T"} with {"type":"unsubscribed","topic":"T"},
// and {"type":"publish","topic":"T","data":D} sends {"type":"message","topic":"T","data":D} to every subscriber of
// T, D being the published JSON value's bytes exactly. A bad request is answered with
// {"type":"error","code":"C","reason":"R"}. From its first request a connection is a client of the hub, in the
// style of gorilla's chat example: one hub goroutine owns the topics and their subscribers, each client has a
// buffered send channel drained by its own write goroutine, a publish is framed once as a PreparedMessage put on
// every subscriber's channel, and a subscriber whose channel is full is closed (1008). Connections that never send
// a request stay as they were: one goroutine that reads and writes, so the echo and idle benchmarks measure what
// they always did.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

const (
	// sendQueue is each hub client's send channel capacity, as in gorilla's chat example.
	sendQueue = 256
	// writeWait bounds one write of a hub client, as in gorilla's chat example.
	writeWait      = 10 * time.Second
	maxTopicLength = 128
)

var (
	ping = []byte(`{"type":"ping"}`)
	pong = []byte(`{"type":"pong"}`)

	pubSubRequests = [][]byte{
		[]byte(`{"type":"subscribe"`), []byte(`{"type":"unsubscribe"`), []byte(`{"type":"publish"`),
	}

	// The load generator is not a browser: accept any Origin.
	upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

	live        atomic.Int64
	idleTimeout time.Duration
	theHub      = newHub()

	preparedPong  = prepared(websocket.TextMessage, pong)
	notSubscribed = errorMessage("not_subscribed", "not subscribed to this topic")
	slowConsumer  = websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "slow consumer")
)

// What a client asks of the hub.
const (
	subscribe = iota
	unsubscribe
	publish
	reply
	leave
)

// request is one thing a client's read loop asks of the hub: message is the acknowledgement of a subscribe or
// unsubscribe, the framed envelope of a publish, or the reply to deliver to the client itself.
type request struct {
	client  *client
	kind    int
	topic   string
	message *websocket.PreparedMessage
}

// client is a connection that has joined the hub. Its read loop sends requests to the hub, its write loop drains
// send; only the hub sends on send or closes it.
type client struct {
	conn *websocket.Conn
	send chan *websocket.PreparedMessage

	// Owned by the hub goroutine; slow is read by the write loop only once send is closed.
	topics map[string]struct{}
	closed bool
	slow   bool
}

// hub owns every topic's subscribers and is the only goroutine that touches them.
type hub struct {
	requests chan request
	topics   map[string]map[*client]struct{}
}

func newHub() *hub {
	return &hub{requests: make(chan request), topics: make(map[string]map[*client]struct{})}
}

func (h *hub) run() {
	for r := range h.requests {
		c := r.client
		if c.closed {
			continue // dropped as a slow consumer; its read loop has not noticed yet
		}
		switch r.kind {
		case subscribe:
			subscribers := h.topics[r.topic]
			if subscribers == nil {
				subscribers = make(map[*client]struct{})
				h.topics[r.topic] = subscribers
			}
			subscribers[c] = struct{}{}
			c.topics[r.topic] = struct{}{}
			h.deliver(c, r.message)
		case unsubscribe:
			if _, ok := c.topics[r.topic]; !ok {
				h.deliver(c, notSubscribed)
				continue
			}
			h.remove(c, r.topic)
			h.deliver(c, r.message)
		case publish:
			for subscriber := range h.topics[r.topic] {
				h.deliver(subscriber, r.message)
			}
		case reply:
			h.deliver(c, r.message)
		case leave:
			h.drop(c, false)
		}
	}
}

// deliver queues a message for a client, dropping the client when its queue is full.
func (h *hub) deliver(c *client, message *websocket.PreparedMessage) {
	select {
	case c.send <- message:
	default:
		h.drop(c, true)
	}
}

// drop removes a client from every topic and closes its send channel, which ends its write loop.
func (h *hub) drop(c *client, slow bool) {
	for topic := range c.topics {
		h.remove(c, topic)
	}
	c.closed = true
	c.slow = slow
	close(c.send)
}

func (h *hub) remove(c *client, topic string) {
	delete(c.topics, topic)
	subscribers := h.topics[topic]
	delete(subscribers, c)
	if len(subscribers) == 0 {
		delete(h.topics, topic)
	}
}

// writePump writes what the hub queued for the client, the client's only writer once it has joined. It closes the
// connection when the hub closes the queue (with 1008 when the client was too slow) or a write fails, which ends the
// client's read loop.
func (c *client) writePump() {
	defer c.conn.Close()
	for message := range c.send {
		c.conn.SetWriteDeadline(time.Now().Add(writeWait))
		if c.conn.WritePreparedMessage(message) != nil {
			return
		}
	}
	if c.slow {
		c.conn.WriteControl(websocket.CloseMessage, slowConsumer, time.Now().Add(writeWait))
	}
}

// serve upgrades one connection and runs its read loop on the handler's goroutine. Until the connection's first
// pub/sub request that goroutine is also its only writer, as gorilla requires; from then on it joins the hub and
// every reply goes through the hub to the client's write loop. The idle close is a control frame, which may be
// written concurrently anyway.
func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered with an HTTP error
	}
	live.Add(1)
	defer live.Add(-1)
	defer conn.Close()
	var member *client
	defer func() {
		if member != nil {
			theHub.requests <- request{client: member, kind: leave}
		}
	}()
	for {
		conn.SetReadDeadline(time.Now().Add(idleTimeout))
		kind, message, err := conn.ReadMessage()
		if err != nil {
			if e, ok := err.(interface{ Timeout() bool }); ok && e.Timeout() {
				closing := websocket.FormatCloseMessage(websocket.CloseGoingAway, "idle timeout")
				conn.WriteControl(websocket.CloseMessage, closing, time.Now().Add(time.Second))
			}
			return
		}
		if member == nil && !isPubSubRequest(kind, message) {
			if kind == websocket.TextMessage && bytes.Equal(message, ping) {
				message = pong
			}
			if conn.WriteMessage(kind, message) != nil {
				return
			}
			continue
		}
		if member == nil {
			member = join(conn)
		}
		theHub.requests <- handle(member, kind, message)
	}
}

// join makes a connection a client of the hub and starts its write loop.
func join(conn *websocket.Conn) *client {
	c := &client{conn: conn, send: make(chan *websocket.PreparedMessage, sendQueue),
		topics: make(map[string]struct{})}
	go c.writePump()
	return c
}

func isPubSubRequest(kind int, message []byte) bool {
	if kind != websocket.TextMessage {
		return false
	}
	for _, prefix := range pubSubRequests {
		if bytes.HasPrefix(message, prefix) {
			return true
		}
	}
	return false
}

// envelope is a client's request; data keeps the published value's bytes as they came.
type envelope struct {
	Type  string          `json:"type"`
	Topic *string         `json:"topic"`
	Data  json.RawMessage `json:"data"`
}

// handle turns one message of a hub client into its request to the hub; the hub's work stays the fan-out.
func handle(c *client, kind int, message []byte) request {
	if !isPubSubRequest(kind, message) {
		if kind == websocket.TextMessage && bytes.Equal(message, ping) {
			return request{client: c, kind: reply, message: preparedPong}
		}
		return request{client: c, kind: reply, message: prepared(kind, message)}
	}
	var e envelope
	if err := json.Unmarshal(message, &e); err != nil {
		return refuse(c, "malformed", "not a JSON object: "+err.Error())
	}
	if problem, reason := checkTopic(e.Topic); problem != "" {
		return refuse(c, problem, reason)
	}
	topic := *e.Topic
	switch e.Type {
	case "subscribe":
		return request{client: c, kind: subscribe, topic: topic, message: acknowledgement("subscribed", topic)}
	case "unsubscribe":
		return request{client: c, kind: unsubscribe, topic: topic, message: acknowledgement("unsubscribed", topic)}
	default:
		if e.Data == nil {
			return refuse(c, "missing_data", "a publish needs a data member")
		}
		var framed bytes.Buffer
		framed.Grow(len(`{"type":"message","topic":"","data":}`) + len(topic) + len(e.Data))
		framed.WriteString(`{"type":"message","topic":"`)
		framed.WriteString(topic)
		framed.WriteString(`","data":`)
		framed.Write(e.Data)
		framed.WriteString(`}`)
		return request{client: c, kind: publish, topic: topic,
			message: prepared(websocket.TextMessage, framed.Bytes())}
	}
}

// checkTopic returns an error code and reason for a topic that is missing, too long or has a character outside
// letters, digits and . _ - / :, or "" when it is valid.
func checkTopic(topic *string) (string, string) {
	if topic == nil || *topic == "" {
		return "missing_topic", "the request needs a topic"
	}
	if len(*topic) > maxTopicLength {
		return "topic_too_long", "a topic is at most " + strconv.Itoa(maxTopicLength) + " bytes"
	}
	for _, b := range []byte(*topic) {
		letterOrDigit := (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
		if !letterOrDigit && b != '.' && b != '_' && b != '-' && b != '/' && b != ':' {
			return "topic_forbidden_character", "a topic has only letters, digits and . _ - / :"
		}
	}
	return "", ""
}

func refuse(c *client, code, reason string) request {
	return request{client: c, kind: reply, message: errorMessage(code, reason)}
}

func acknowledgement(kind, topic string) *websocket.PreparedMessage {
	return prepared(websocket.TextMessage, []byte(`{"type":"`+kind+`","topic":"`+topic+`"}`))
}

func errorMessage(code, reason string) *websocket.PreparedMessage {
	text, _ := json.Marshal(reason)
	return prepared(websocket.TextMessage, []byte(`{"type":"error","code":"`+code+`","reason":`+string(text)+`}`))
}

func prepared(kind int, data []byte) *websocket.PreparedMessage {
	message, err := websocket.NewPreparedMessage(kind, data)
	if err != nil {
		log.Fatal(err) // only an unknown message type fails, which is a bug here
	}
	return message
}

// reportConnections prints the open connection count every 10 s when it changed.
func reportConnections() {
	var last int64
	for range time.Tick(10 * time.Second) {
		if n := live.Load(); n != last {
			fmt.Printf("connections %d\n", n)
			last = n
		}
	}
}

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: holdfast-go-peer PORT IDLE_SECONDS")
	}
	port := os.Args[1]
	seconds, err := strconv.Atoi(os.Args[2])
	if err != nil || seconds <= 0 {
		log.Fatal("IDLE_SECONDS must be a positive integer")
	}
	idleTimeout = time.Duration(seconds) * time.Second
	go reportConnections()
	go theHub.run()
	http.HandleFunc("/ws", serve)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
