"""A real SMTP server on loopback for teamdesk's delivery tests (aiosmtpd).

Usage: server.py --maildir DIR [--port N] [--auth USER:PASSWORD]

Prints "READY <port>" once it listens. Each accepted message is written to
DIR as <n>.eml, and its envelope to DIR/<n>.envelope (one recipient a line).
Recipients whose local part starts with "reject" get 550, "tempfail" 451.
With --auth, every session must log in with that user and password.
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: no such user here" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        path = os.path.join(self.maildir, "%d.eml" % n)
        with open(path + ".partial", "wb") as message:
            message.write(envelope.original_content or envelope.content)
        with open(os.path.join(self.maildir, "%d.envelope" % n), "w") as env:
            env.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(path + ".partial", path)
        return "250 2.0.0 Ok: queued as %d" % n


def authenticator(expected_user, expected_password):
    def check(server, session, envelope, mechanism, auth_data):
        good = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == expected_user
            and auth_data.password.decode() == expected_password
        )
        # handled=False: the server itself answers a failure with 535.
        return AuthResult(success=good, handled=False)

    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth")
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)

    options = {}
    if args.auth:
        user, password = args.auth.split(":", 1)
        options.update(
            authenticator=authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,
        )
    port = args.port
    if port == 0:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = Controller(Handler(args.maildir), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("READY %d" % port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
