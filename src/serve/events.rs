//! Server-Sent Events to the open pages: one long-lived response per page on its own
//! thread, fed by a channel. SSE is plain HTTP, so it passes proxies that break
//! WebSockets, and browsers reconnect by themselves.
//!
//! Events (the data is JSON):
//! - `hello` on every (re)connect: `{"build": ID, "errors": [..] | null}`. A page
//!   whose build differs from ID reloads (it missed a change, or the server was
//!   restarted); errors show the overlay, so pages opened after a failed build see it.
//! - `reload` `{"build": ID}`: a new build is complete and served.
//! - `css` `{"build": ID}`: only stylesheets changed; the page swaps them in place.
//! - `build-error` `{"errors": [..]}`: the build failed; the last good one is still
//!   served. (Not `error`: EventSource uses that name for connection trouble.)

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How often an idle stream sends a comment, so that closed pages are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// One SSE message, ready to write: `event: NAME\ndata: JSON\n\n`.
pub(super) fn message(event: &str, data: &serde_json::Value) -> String {
    // serde_json writes no raw newlines, so the data is one `data:` line.
    format!("event: {event}\ndata: {data}\n\n")
}

/// The open streams.
#[derive(Default)]
pub(super) struct Hub {
    clients: Vec<Sender<String>>,
}

impl Hub {
    /// A new stream; its receiver gets every later broadcast.
    pub(super) fn subscribe(&mut self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.clients.push(tx);
        rx
    }

    /// Sends `msg` to every open stream, forgetting streams that ended.
    pub(super) fn broadcast(&mut self, msg: &str) {
        self.clients.retain(|c| c.send(msg.to_string()).is_ok());
    }

    /// Number of open streams.
    pub(super) fn len(&self) -> usize {
        self.clients.len()
    }
}

/// Answers an EventSource request: headers, `hello`, then every broadcast until the
/// page goes away. Runs on the request's own thread.
pub(super) fn stream(w: &mut impl Write, hello: String, rx: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\n\
        Content-Type: text/event-stream; charset=utf-8\r\n\
        Cache-Control: no-store\r\n\
        X-Accel-Buffering: no\r\n\
        Connection: close\r\n\r\n";
    let ok = w
        .write_all(head.as_bytes())
        .and_then(|_| w.write_all(format!("retry: 1000\n\n{hello}").as_bytes()))
        .and_then(|_| w.flush());
    if ok.is_err() {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(KEEPALIVE) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(chunk.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return; // the page was closed; the hub forgets the channel on its next send
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_is_one_event_with_json_on_one_line() {
        let m = message("build-error", &serde_json::json!({"errors": ["a\nb"]}));
        assert_eq!(m, "event: build-error\ndata: {\"errors\":[\"a\\nb\"]}\n\n");
    }

    #[test]
    fn broadcast_reaches_open_streams_and_drops_closed_ones() {
        let mut hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.broadcast("x");
        assert_eq!(a.try_recv().unwrap(), "x");
        assert_eq!(hub.len(), 1);
    }
}
