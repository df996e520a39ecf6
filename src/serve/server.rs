//! The preview's HTTP/1.1 server: as much of the protocol as a browser needs for
//! GET and HEAD, with limits that keep one client from exhausting the machine.
//!
//! tiny_http, used before, reads request headers of any size into memory and
//! starts a thread for every connection, without a limit on either. Here the
//! request head is read into a buffer of at most [`Limits::header_bytes`] (a bigger
//! one is answered with 431 and the connection closed) and parsed by `httparse`
//! (at most [`MAX_HEADERS`] fields, else 431); a head must arrive within
//! [`Limits::header_time`] (else 408); at most [`Limits::connections`] connections
//! are open at once, each on its own thread, and one more is answered with 503 at
//! once and closed. Request bodies are not read: a request that has one gets its
//! answer, then the connection closes.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// At most this many header fields in one request.
pub(super) const MAX_HEADERS: usize = 64;

/// What one client may take.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Bytes of a request head (request line and header fields).
    pub header_bytes: usize,
    /// Connections open at the same time, event streams included.
    pub connections: usize,
    /// Time for a request head to arrive, and for an idle connection to send the
    /// next one.
    pub header_time: Duration,
}

impl Default for Limits {
    /// 16 KiB of head (browsers send under 2 KiB; servers allow 8–16 KiB), 64
    /// connections (a browser opens at most 6 per host, plus one event stream per
    /// open page), 10 s for a head.
    fn default() -> Self {
        Limits {
            header_bytes: 16 * 1024,
            connections: 64,
            header_time: Duration::from_secs(10),
        }
    }
}

/// A request as the handler sees it.
#[derive(Debug)]
pub(super) struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/projekte/?x=1`).
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of a header field, by case-insensitive name.
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A long-lived answer that writes to the connection until it returns.
pub(super) type Stream = Box<dyn FnOnce(&mut TcpStream) + Send>;

/// The handler's answer.
pub(super) enum Reply {
    /// A complete answer: status, header fields (besides `Content-Length`), body.
    Full {
        /// The status code.
        status: u16,
        /// Header fields as name and value.
        headers: Vec<(&'static str, String)>,
        /// The body (not sent for HEAD).
        body: Arc<[u8]>,
    },
    /// An answer that writes its own head and keeps the connection (event streams).
    Stream(Stream),
}

/// What answers requests.
pub(super) type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Accepts connections until the listener fails, each on a thread of its own
/// within the limits.
pub(super) fn run(listener: TcpListener, handler: Handler, limits: Limits) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
            open.fetch_sub(1, Ordering::SeqCst);
            // The answer fits the socket's buffer; a client that reads nothing
            // cannot hold the accepting thread for longer than this.
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = plain(
                &mut stream,
                503,
                "Zu viele Verbindungen; bitte gleich noch einmal.\n",
            );
            // What the client sent meanwhile (its request, on this machine within
            // milliseconds) is read first: closing over unread bytes resets the
            // connection, and the client may lose the answer.
            close_gently(&mut stream, Duration::from_millis(50), 64 << 10);
            continue;
        }
        let (count, handler) = (Arc::clone(&open), Arc::clone(&handler));
        let spawned = std::thread::Builder::new()
            .name("fachwerk-http".into())
            .spawn(move || {
                serve_connection(stream, &handler, limits);
                count.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread could be started: the count goes back, the connection closes.
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// How long, and for how many bytes, a connection closed by the server still reads
/// what its client sends (the rest of an oversized head, a request body).
const LINGER: Duration = Duration::from_secs(2);
/// See [`LINGER`].
const LINGER_BYTES: usize = 16 << 20;

/// Ends the connection after an answer without losing that answer: a socket closed
/// while bytes from the client are unread, or still arriving, is reset, and a reset
/// can discard the answer before the client has read it (a client still sending a
/// too-large head would see "connection reset" instead of 431). So the sending
/// side is shut first, then what arrives is read and dropped until the client
/// closes too, for at most `wait` and `limit` bytes.
fn close_gently(stream: &mut TcpStream, wait: Duration, limit: usize) {
    if stream.shutdown(std::net::Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 8192];
    let mut read = 0;
    while read < limit {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// A short plain-text answer that closes the connection.
fn plain(stream: &mut TcpStream, status: u16, text: &str) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        text.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(text.as_bytes())?;
    stream.flush()
}

/// What reading a request head gave.
enum Head {
    /// A request; `usize` is the length of its head in the buffer, `bool` whether it
    /// announces a body.
    Request(Request, usize, bool, bool),
    /// The connection closed or stayed idle before a request began.
    Gone,
    /// An answer to send before closing (400, 408, 431, 505).
    Refuse(u16, &'static str),
}

fn serve_connection(mut stream: TcpStream, handler: &Handler, limits: Limits) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    loop {
        let (request, len, has_body, keep_alive) = match read_head(&mut stream, &mut buf, limits) {
            Head::Request(r, len, body, keep) => (r, len, body, keep),
            Head::Gone => return,
            Head::Refuse(status, text) => {
                let _ = plain(&mut stream, status, text);
                close_gently(&mut stream, LINGER, LINGER_BYTES);
                return;
            }
        };
        buf.drain(..len);
        let keep_alive = keep_alive && !has_body;
        match handler(&request) {
            Reply::Stream(f) => {
                let _ = stream.set_read_timeout(None);
                f(&mut stream);
                return;
            }
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
                if !keep_alive {
                    head.push_str("Connection: close\r\n");
                }
                head.push_str("\r\n");
                let sent = stream.write_all(head.as_bytes()).and_then(|_| {
                    if request.method == "HEAD" {
                        Ok(())
                    } else {
                        stream.write_all(&body)
                    }
                });
                if sent.and_then(|_| stream.flush()).is_err() {
                    return;
                }
                if !keep_alive {
                    close_gently(&mut stream, LINGER, LINGER_BYTES);
                    return;
                }
            }
        }
    }
}

/// Reads into `buf` until it holds a whole request head, within the limits.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>, limits: Limits) -> Head {
    let deadline = Instant::now() + limits.header_time;
    let mut chunk = [0u8; 2048];
    loop {
        if !buf.is_empty() {
            let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut req = httparse::Request::new(&mut fields);
            match req.parse(buf) {
                Ok(httparse::Status::Complete(len)) => return request(&req, len),
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    return Head::Refuse(431, "Zu viele Kopfzeilen.\n");
                }
                Err(_) => return Head::Refuse(400, "Fehlerhafte Anfrage.\n"),
            }
            if buf.len() >= limits.header_bytes {
                return Head::Refuse(431, "Die Kopfzeilen der Anfrage sind zu groß.\n");
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return timed_out(buf);
        }
        let _ = stream.set_read_timeout(Some(left));
        // Never more than the limit allows, so a long head costs no more memory.
        let room = (limits.header_bytes - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Head::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return timed_out(buf);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Head::Gone,
        }
    }
}

/// An idle connection closes quietly; one that stopped mid-head gets 408.
fn timed_out(buf: &[u8]) -> Head {
    if buf.is_empty() {
        Head::Gone
    } else {
        Head::Refuse(408, "Die Anfrage kam nicht rechtzeitig an.\n")
    }
}

/// The request of a parsed head of `len` bytes.
fn request(req: &httparse::Request, len: usize) -> Head {
    let version = req.version.unwrap_or(1);
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let request = Request {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("").to_string(),
        headers,
    };
    let has_body = request
        .header("Content-Length")
        .is_some_and(|v| v.trim() != "0")
        || request.header("Transfer-Encoding").is_some();
    let connection = request
        .header("Connection")
        .unwrap_or("")
        .to_ascii_lowercase();
    let keep_alive = if version >= 1 {
        !connection.split(',').any(|t| t.trim() == "close")
    } else {
        connection.split(',').any(|t| t.trim() == "keep-alive")
    };
    Head::Request(request, len, has_body, keep_alive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufRead;

    fn start(limits: Limits) -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let handler: Handler = Arc::new(|req: &Request| Reply::Full {
            status: 200,
            headers: vec![("Content-Type", "text/plain".into())],
            body: Arc::from(format!("{} {}", req.method, req.target).into_bytes()),
        });
        std::thread::spawn(move || run(listener, handler, limits));
        port
    }

    fn connect(port: u16) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Status code and body of one answer read from `r`.
    fn answer(r: &mut impl BufRead) -> (u16, String) {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut len = 0;
        loop {
            let mut h = String::new();
            r.read_line(&mut h).unwrap();
            if h.trim().is_empty() {
                break;
            }
            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[test]
    fn answers_requests_one_after_another_on_one_connection() {
        let port = start(Limits::default());
        let mut s = connect(port);
        s.write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut r = io::BufReader::new(s.try_clone().unwrap());
        assert_eq!(answer(&mut r), (200, "GET /a".into()));
        // HEAD: the length of the body, but no body (the next answer follows at once).
        s.write_all(b"GET /c HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut rest = String::new();
        r.read_to_string(&mut rest).unwrap();
        assert!(
            rest.contains("Content-Length: 7\r\n\r\nHTTP/1.1 200"),
            "{rest}"
        );
        assert!(rest.ends_with("\r\n\r\nGET /c"), "{rest}");
    }

    #[test]
    fn a_head_over_the_limit_is_refused_without_reading_it_all() {
        let port = start(Limits::default());
        let mut s = connect(port);
        let big = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
        // The server stops reading at the limit: the write may fail once it closed.
        let _ = s.write_all(big.as_bytes());
        let mut r = io::BufReader::new(s);
        assert_eq!(answer(&mut r).0, 431);

        let mut s = connect(port);
        let many: String = (0..MAX_HEADERS + 1)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect();
        s.write_all(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes())
            .unwrap();
        assert_eq!(answer(&mut io::BufReader::new(s)).0, 431);

        let mut s = connect(port);
        s.write_all(b"GET / HTTP/1.1\r\nbroken header\r\n\r\n")
            .unwrap();
        assert_eq!(answer(&mut io::BufReader::new(s)).0, 400);
    }

    #[test]
    fn a_slow_head_times_out() {
        let port = start(Limits {
            header_time: Duration::from_millis(300),
            ..Limits::default()
        });
        let mut s = connect(port);
        s.write_all(b"GET / HTTP/1.1\r\nHost:").unwrap();
        assert_eq!(answer(&mut io::BufReader::new(s)).0, 408);
    }

    #[test]
    fn connections_over_the_limit_get_503_and_freed_ones_count_again() {
        let port = start(Limits {
            connections: 3,
            ..Limits::default()
        });
        let idle: Vec<TcpStream> = (0..3).map(|_| connect(port)).collect();
        // The three are accepted (a request on one is answered) …
        let mut first = idle[0].try_clone().unwrap();
        first.write_all(b"GET /x HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(answer(&mut io::BufReader::new(first)).0, 200);
        // … and the fourth is turned away.
        let mut s = connect(port);
        s.write_all(b"GET /y HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(answer(&mut io::BufReader::new(s)).0, 503);
        drop(idle);
        // Closed connections free their places (the threads notice the close).
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut s = connect(port);
            s.write_all(b"GET /z HTTP/1.1\r\nConnection: close\r\n\r\n")
                .unwrap();
            let (status, _) = answer(&mut io::BufReader::new(s));
            if status == 200 {
                break;
            }
            assert!(Instant::now() < deadline, "no place freed");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
