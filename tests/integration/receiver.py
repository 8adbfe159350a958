"""A local HTTP receiver for webhook tests.

Receiver runs a ThreadingHTTPServer on 127.0.0.1 (a free port) in a thread
of its own, records every request (method, path, headers, body, arrival
time) and answers as it is told, per path or per request number:

    with Receiver() as rx:
        rx.on_path("/hook", Reply(503, retry_after=120), Reply(204))
        rx.on_request(3, Reply.hang(5))
        ... send to rx.url("/hook") ...
        req = rx.wait_for(1)[0]
        verify_standard_webhook(req.headers, req.body, "whsec_...")

A reply is a status (200, 204, 400, 410, 429, 503 ...), optionally with a
Retry-After, a delay before answering (hang), or no answer at all: the
connection is closed (close). Several replies for one path are used in
order, the last one repeating. Waiting uses a condition variable, never
sleep-and-poll; a hanging handler wakes up when the receiver stops.
"""
import base64
import hashlib
import hmac
import http.server
import socket
import threading
import time

__all__ = ["Receiver", "Reply", "Request", "WebhookVerificationError",
           "verify_standard_webhook"]


class Reply:
    """What the receiver does with one request."""

    def __init__(self, status=204, body=b"", headers=None, retry_after=None,
                 hang=0.0, close=False):
        self.status = status
        self.body = body.encode() if isinstance(body, str) else body
        self.headers = dict(headers or {})
        if retry_after is not None:
            self.headers["Retry-After"] = str(retry_after)
        self.hang = hang
        self.close = close

    @classmethod
    def ok(cls, status=200, body=b""):
        return cls(status, body)

    @classmethod
    def unavailable(cls, retry_after=None):
        return cls(503, retry_after=retry_after)

    @classmethod
    def too_many(cls, retry_after=None):
        return cls(429, retry_after=retry_after)

    @classmethod
    def hang_for(cls, seconds, then=204):
        return cls(then, hang=seconds)

    @classmethod
    def closed(cls):
        """Closes the connection without a byte of answer."""
        return cls(close=True)

    def __repr__(self):
        if self.close:
            return "<Reply close>"
        return f"<Reply {self.status} hang={self.hang} {self.headers}>"


class Request:
    """One request as it arrived."""

    def __init__(self, number, method, path, header_list, body, at):
        self.number = number            # 1 for the first request
        self.method = method
        self.path = path
        self.header_list = header_list  # [(name, value)] as sent
        self.headers = {k.lower(): v for k, v in header_list}
        self.body = body                # bytes
        self.time = at                  # time.time() at arrival

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def json(self):
        import json
        return json.loads(self.body)

    def __repr__(self):
        return f"<Request #{self.number} {self.method} {self.path}>"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "receiver/1"

    def log_message(self, fmt, *args):
        pass

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self):
        rx = self.server.receiver
        with rx._cond:
            rx.active += 1
            rx.max_active = max(rx.max_active, rx.active)
        try:
            self._answer(rx)
        finally:
            with rx._cond:
                rx.active -= 1

    def _answer(self, rx):
        body = self._read_body()
        reply = rx._record(self.command, self.path,
                           list(self.headers.items()), body)
        if reply.hang > 0:
            rx._stopping.wait(reply.hang)
        if reply.close or rx._stopping.is_set():
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.body and self.command != "HEAD":
                self.wfile.write(reply.body)
        except OSError:
            # The client gave up first (its timeout after a hang).
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve


class _Server(http.server.ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when the
    # daemon sends dozens at once.
    request_queue_size = 128
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class Receiver:
    def __init__(self, default=None, host="127.0.0.1"):
        self.default = default or Reply(204)
        self.requests = []
        self.active = 0         # requests being answered now
        self.max_active = 0     # the most at once so far
        self._paths = {}
        self._numbers = {}
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._server = _Server((host, 0), _Handler)
        self._server.receiver = self
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = None

    # lifecycle
    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def url(self, path="/hook"):
        return f"http://{self.host}:{self.port}{path}"

    # behaviour
    def on_path(self, path, *replies):
        """Replies for requests to path, in order; the last one repeats."""
        with self._cond:
            self._paths[path] = list(replies)

    def on_request(self, number, reply):
        """The reply to the number-th request (1-based), whatever its path;
        it takes precedence over on_path."""
        with self._cond:
            self._numbers[number] = reply

    def reset(self):
        with self._cond:
            self.requests.clear()
            self._paths.clear()
            self._numbers.clear()

    # observation
    def wait_for(self, count, timeout=10.0):
        """The first count requests once they have arrived; raises
        TimeoutError otherwise."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.requests) >= count,
                                       timeout):
                raise TimeoutError(
                    f"{len(self.requests)} of {count} requests arrived")
            return list(self.requests[:count])

    def count(self):
        with self._cond:
            return len(self.requests)

    def _record(self, method, path, header_list, body):
        with self._cond:
            number = len(self.requests) + 1
            self.requests.append(Request(number, method, path, header_list,
                                         body, time.time()))
            reply = self._numbers.get(number)
            if reply is None:
                queue = self._paths.get(path.split("?", 1)[0])
                if queue:
                    reply = queue.pop(0) if len(queue) > 1 else queue[0]
            self._cond.notify_all()
            return reply or self.default


class WebhookVerificationError(Exception):
    pass


def _header(headers, name):
    """A header from a dict, a list of pairs or an http.client message,
    whatever the case of its name; exactly one value is allowed."""
    items = headers.items() if hasattr(headers, "items") else headers
    values = [v for k, v in items if k.lower() == name]
    if not values:
        raise WebhookVerificationError(f"missing header {name}")
    if len(values) > 1:
        raise WebhookVerificationError(f"header {name} given twice")
    return values[0]


def verify_standard_webhook(headers, body, secret, tolerance=300, now=None):
    """Checks a request as the Standard Webhooks specification does:
    webhook-id, webhook-timestamp (integer seconds, within tolerance of
    now) and webhook-signature, a space-separated list of "v1,BASE64"
    signatures of which one must equal HMAC-SHA256 over
    "id.timestamp.body" keyed with the base64-decoded part of secret
    ("whsec_..."), compared in constant time. Returns True or raises
    WebhookVerificationError saying what is wrong."""
    if isinstance(body, str):
        body = body.encode()
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not msg_id:
        raise WebhookVerificationError("empty webhook-id")
    if not timestamp.isdigit():
        raise WebhookVerificationError(
            f"webhook-timestamp {timestamp!r} is not integer seconds")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        raise WebhookVerificationError(
            f"webhook-timestamp {timestamp} is more than {tolerance} s "
            "from now")
    if not secret.startswith("whsec_"):
        raise WebhookVerificationError("secret lacks the whsec_ prefix")
    key = base64.b64decode(secret[len("whsec_"):], validate=True)
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(
        hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for item in signatures.split(" "):
        version, _, value = item.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    raise WebhookVerificationError(
        f"no v1 signature in {signatures!r} matches")
