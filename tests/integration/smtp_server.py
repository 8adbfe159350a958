"""A local SMTP server for tests (python3-aiosmtpd), run in a thread.

It listens on 127.0.0.1 on a port of its own, records every message that
reaches the end of DATA (envelope sender, recipients, raw bytes, whether
the session was under TLS) and every MAIL FROM it saw, and answers each
transaction as the test asks:

    from smtp_server import SmtpServer, Reply

    srv = SmtpServer().start()            # or starttls=True, tls=True,
    srv.url                               # auth={"user": "password"}
    srv.queue(Reply.temporary(), Reply.accept())   # next transactions
    srv.on_transaction(3, Reply.permanent(stage="rcpt"))
    srv.default = Reply.stall(10)          # everything not queued
    msgs = srv.wait_for(1)                 # [Message], oldest first
    srv.stop()

A reply acts at one stage of a transaction: "mail" (MAIL FROM), "rcpt"
(RCPT TO) or "data" (after the message, the default); stall(N) waits N
seconds there before answering. With starttls=True the server offers
STARTTLS with a self-signed certificate for 127.0.0.1 whose file is
srv.ca_file; tls=True wraps the connection from the start (smtps://).
"""
import asyncio
import os
import shutil
import socket
import logging
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import warnings

# Debian's python3-aiosmtpd lives in the system's dist-packages; a python3
# found earlier on PATH (pyenv, a venv, meson's) does not look there.
try:
    import aiosmtpd.smtp as _smtp  # noqa: F401
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword  # noqa: E402

# A client that gives up (a refused certificate, a timeout) is what the
# tests provoke: aiosmtpd's tracebacks for it would only bury the TAP.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)
# AUTH without TLS is what a test of AUTH on a plain socket wants.
warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")


class Reply:
    """How the server answers one transaction."""

    def __init__(self, code=250, text="OK", stage="data", stall=0.0):
        if stage not in ("mail", "rcpt", "data"):
            raise ValueError(f"unknown stage {stage!r}")
        self.code = code
        self.text = text
        self.stage = stage
        self.stall_s = stall

    def line(self):
        return f"{self.code} {self.text}"

    @classmethod
    def accept(cls):
        return cls()

    @classmethod
    def temporary(cls, text="4.3.0 Try again later", stage="data",
                  code=451):
        return cls(code, text, stage)

    @classmethod
    def permanent(cls, text="5.7.1 Message refused", stage="data",
                  code=550):
        return cls(code, text, stage)

    @classmethod
    def stall(cls, seconds, stage="data", then=None):
        r = then or cls()
        return cls(r.code, r.text, stage, seconds)

    def __repr__(self):
        return f"Reply({self.code}, {self.text!r}, {self.stage}, " \
            f"stall={self.stall_s})"


class Message:
    """One message that reached the end of DATA."""

    def __init__(self, number, mail_from, rcpt_tos, data, tls, reply):
        self.number = number          # transaction number, from 1
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.data = data              # bytes, CRLF lines, dots unstuffed
        self.tls = tls
        self.reply = reply

    def parse(self):
        import email
        import email.policy
        return email.message_from_bytes(self.data,
                                        policy=email.policy.default)


class _Handler:
    def __init__(self, server):
        self.srv = server

    async def _act(self, envelope, stage):
        reply = getattr(envelope, "tenured_reply", None)
        if reply is None or reply.stage != stage:
            return None
        if reply.stall_s > 0:
            await asyncio.sleep(reply.stall_s)
        return reply.line()

    async def handle_MAIL(self, server, session, envelope, address,
                          mail_options):
        number, reply = self.srv._begin(address, session)
        envelope.tenured_number = number
        envelope.tenured_reply = reply
        answer = await self._act(envelope, "mail")
        if answer is not None and not answer.startswith("2"):
            return answer
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return answer or "250 OK"

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        answer = await self._act(envelope, "rcpt")
        if answer is not None and not answer.startswith("2"):
            return answer
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return answer or "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = getattr(envelope, "tenured_reply", None) or Reply()
        self.srv._record(Message(getattr(envelope, "tenured_number", 0),
                                 envelope.mail_from, envelope.rcpt_tos,
                                 envelope.original_content or
                                 envelope.content, session.ssl is not None,
                                 reply))
        answer = await self._act(envelope, "data")
        return answer or "250 OK"


def _make_cert(directory):
    """A self-signed certificate for 127.0.0.1 and localhost."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    openssl = shutil.which("openssl") or "/usr/bin/openssl"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


class SmtpServer:
    def __init__(self, starttls=False, tls=False, auth=None,
                 hostname="smtp.test"):
        self.starttls = starttls
        self.tls = tls
        self.auth = dict(auth) if auth else None
        self.hostname = hostname
        self.default = Reply.accept()
        self.ca_file = None
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._queue = []
        self._numbered = {}
        self._messages = []
        self._mail_from = []
        self._auth_attempts = []
        self._transactions = 0
        self._connections = 0
        self._dir = None
        self._loop = None
        self._thread = None
        self._server = None
        self.port = None

    # -- set-up ---------------------------------------------------------

    def _ssl_context(self):
        self._dir = tempfile.TemporaryDirectory(prefix="smtp-server-")
        cert, key = _make_cert(self._dir.name)
        self.ca_file = cert
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        return ctx

    def _authenticator(self, server, session, envelope, mechanism,
                       auth_data):
        ok = False
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            with self._lock:
                self._auth_attempts.append((mechanism, user, password))
            ok = self.auth.get(user) == password
        return AuthResult(success=ok, handled=False)

    def _factory(self, ctx):
        kw = dict(hostname=self.hostname, decode_data=False, timeout=60)
        if self.starttls:
            kw.update(tls_context=ctx, require_starttls=False)
        if self.auth is not None:
            kw.update(authenticator=self._authenticator, auth_required=True,
                      auth_require_tls=False)
        with self._lock:
            self._connections += 1
        return SMTP(_Handler(self), **kw)

    def start(self):
        ctx = self._ssl_context() if self.starttls or self.tls else None
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        self.port = sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                self._loop.create_server(lambda: self._factory(ctx),
                                         sock=sock,
                                         ssl=ctx if self.tls else None))
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the SMTP server did not start")
        return self

    def stop(self):
        if self._loop is None:
            return

        async def shutdown():
            self._server.close()
            tasks = [t for t in asyncio.all_tasks()
                     if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        self._loop.call_soon_threadsafe(
            lambda: self._loop.create_task(shutdown()))
        self._thread.join(10)
        self._loop.close()
        self._loop = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self):
        return f"{'smtps' if self.tls else 'smtp'}://127.0.0.1:{self.port}"

    # -- replies --------------------------------------------------------

    def queue(self, *replies):
        """Replies for the next transactions, in order."""
        with self._lock:
            self._queue.extend(replies)

    def on_transaction(self, number, reply):
        """The reply for transaction number (from 1), whatever is queued."""
        with self._lock:
            self._numbered[number] = reply

    def _begin(self, mail_from, session):
        with self._cond:
            self._transactions += 1
            n = self._transactions
            self._mail_from.append(mail_from)
            if n in self._numbered:
                reply = self._numbered.pop(n)
            elif self._queue:
                reply = self._queue.pop(0)
            else:
                reply = self.default
            self._cond.notify_all()
            return n, reply

    def _record(self, msg):
        with self._cond:
            self._messages.append(msg)
            self._cond.notify_all()

    # -- what arrived ---------------------------------------------------

    @property
    def messages(self):
        with self._lock:
            return list(self._messages)

    def count(self):
        with self._lock:
            return len(self._messages)

    @property
    def connections(self):
        """Connections accepted so far."""
        with self._lock:
            return self._connections

    @property
    def mail_from_seen(self):
        """Every MAIL FROM, whatever became of the transaction."""
        with self._lock:
            return list(self._mail_from)

    @property
    def auth_attempts(self):
        with self._lock:
            return list(self._auth_attempts)

    def wait_for(self, n, timeout=10):
        """The first n messages, waiting up to timeout seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{len(self._messages)} of {n} messages arrived")
                self._cond.wait(left)
            return list(self._messages[:n])

    def reset(self):
        with self._lock:
            self._queue.clear()
            self._numbered.clear()
            self._messages.clear()
            self._mail_from.clear()
            self._auth_attempts.clear()
            self._transactions = 0
            self.default = Reply.accept()
