#!/usr/bin/env python3
"""outputs_receivers.py — local receivers for tests/integration/outputs*.test.sh.

  outputs_receivers.py http PORTFILE OUTDIR     HTTP server: each POST's body to OUTDIR/N.body,
                                                its Content-Type to OUTDIR/N.type, answers 200
  outputs_receivers.py stall PORTFILE OUTDIR    accepts connections and never answers (a stalled
                                                receiver); each accepted connection adds a line to
                                                OUTDIR/accepted
  outputs_receivers.py flaky PORTFILE OUTDIR    as http, but answers 503 to the first two POSTs
                                                (each attempt counted in OUTDIR/attempts)
  outputs_receivers.py unixgram SOCK OUTFILE    syslog listener on a unix datagram socket: each
                                                datagram as one line of OUTFILE
  outputs_receivers.py udp PORTFILE OUTFILE     the same on UDP 127.0.0.1
The port chosen (0 = any free one) is written to PORTFILE once listening.
"""
import http.server
import os
import socket
import sys
import threading
import time


def serve_http(portfile, outdir, fail_first=0):
    count = [0]
    attempts = [0]
    lock = threading.Lock()

    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            with lock:
                attempts[0] += 1
                a = attempts[0]
            with open(os.path.join(outdir, "attempts"), "a") as f:
                f.write("%d\n" % a)
            if a <= fail_first:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with lock:
                count[0] += 1
                i = count[0]
            with open(os.path.join(outdir, "%d.type" % i), "w") as f:
                f.write(self.headers.get("Content-Type", ""))
            with open(os.path.join(outdir, "%d.body.tmp" % i), "wb") as f:
                f.write(body)
            os.rename(os.path.join(outdir, "%d.body.tmp" % i), os.path.join(outdir, "%d.body" % i))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    with open(portfile, "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


def serve_stall(portfile, outdir):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    with open(portfile, "w") as f:
        f.write(str(s.getsockname()[1]))
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)  # never read, never answered
        with open(os.path.join(outdir, "accepted"), "a") as f:
            f.write("1\n")


def serve_unixgram(path, outfile):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    while True:
        d = s.recv(1 << 20)
        with open(outfile, "ab") as f:
            f.write(d.replace(b"\n", b"\\n") + b"\n")


def serve_udp(portfile, outfile):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    with open(portfile, "w") as f:
        f.write(str(s.getsockname()[1]))
    while True:
        d = s.recv(1 << 16)
        with open(outfile, "ab") as f:
            f.write(d.replace(b"\n", b"\\n") + b"\n")


if __name__ == "__main__":
    kind, a, b = sys.argv[1:4]
    {
        "http": serve_http,
        "flaky": lambda a, b: serve_http(a, b, 2),
        "stall": serve_stall,
        "unixgram": serve_unixgram,
        "udp": serve_udp,
    }[kind](a, b)
