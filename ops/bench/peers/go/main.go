// Command holdfast-go-peer is the Go + gorilla/websocket peer of holdfast's benchmark: the same default semantics
// as holdfast serve, written the way gorilla's own examples write a server.
//
// Usage: holdfast-go-peer PORT IDLE_SECONDS
//
// It listens on 127.0.0.1:PORT path /ws. A text message {"type":"ping"} is answered with {"type":"pong"}; any
// other message is echoed with its type. A connection that sends nothing for IDLE_SECONDS is closed with 1001.
// Every 10 s the number of open connections is printed as "connections N" when it changed.
package main

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

var (
	ping = []byte(`{"type":"ping"}`)
	pong = []byte(`{"type":"pong"}`)

	// The load generator is not a browser: accept any Origin.
	upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

	live        atomic.Int64
	idleTimeout time.Duration
)

// serve upgrades one connection and runs its read loop on the handler's goroutine. That goroutine is also the
// connection's only writer, as gorilla requires; the idle close is a control frame, which may be written
// concurrently anyway.
func serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered with an HTTP error
	}
	live.Add(1)
	defer live.Add(-1)
	defer conn.Close()
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
		if kind == websocket.TextMessage && bytes.Equal(message, ping) {
			message = pong
		}
		if conn.WriteMessage(kind, message) != nil {
			return
		}
	}
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
	http.HandleFunc("/ws", serve)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
