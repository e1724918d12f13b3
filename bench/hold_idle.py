#!/usr/bin/env python3
"""Open N idle SMTP connections to a loopback server, read each 220 greeting, then hold them.

Used by bench/throughput.sh for the memory-per-idle-connection measurement. Same idea as the
peer-baseline helper in ../shared/bench-peers/hold_conns.py, kept small and self-contained here.

When every connection has either greeted or failed, writes "<greeted> <opened>" to --ready-file,
then holds all sockets open until --release-file exists or --hold-seconds pass, then closes them.
Bounded: at most 5000 connections, at most 600 s of holding, loopback targets only.

  hold_idle.py --port 2525 -n 1000 --ready-file /tmp/r --release-file /tmp/go
"""
import argparse
import ipaddress
import os
import resource
import selectors
import socket
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--ready-file", required=True)
    ap.add_argument("--release-file", required=True)
    ap.add_argument("--hold-seconds", type=float, default=180)
    ap.add_argument("--greeting-timeout", type=float, default=90)
    a = ap.parse_args()

    if not ipaddress.ip_address(socket.gethostbyname(a.host)).is_loopback:
        print("refusing a non-loopback target", file=sys.stderr)
        return 2
    n = max(1, min(a.n, 5000))
    hold = max(1.0, min(a.hold_seconds, 600.0))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        want = min(hard, n + 256)
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        if want < n + 64:
            print(f"open-file limit {want} is too low for {n} connections", file=sys.stderr)
            return 2

    sel = selectors.DefaultSelector()
    socks = []
    pending = 0
    greeted = 0
    deadline = time.monotonic() + a.greeting_timeout

    def pump(timeout: float) -> None:
        nonlocal pending, greeted
        for key, _ in sel.select(timeout=timeout):
            buf = key.data
            try:
                chunk = key.fileobj.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                buf += chunk
                if b"\n" not in buf:
                    continue
                if buf.startswith(b"220"):
                    greeted += 1
                else:
                    print(f"unexpected greeting: {bytes(buf[:120])!r}", file=sys.stderr)
            sel.unregister(key.fileobj)
            pending -= 1

    # Connect one by one, reading greetings in between so that a server that greets slowly
    # (Postfix forks one smtpd per connection) is not flooded with a full accept backlog.
    for i in range(n):
        try:
            s = socket.create_connection((a.host, a.port), timeout=10)
        except OSError as e:
            print(f"connect {i + 1} failed: {e}", file=sys.stderr)
            break
        s.setblocking(False)
        socks.append(s)
        sel.register(s, selectors.EVENT_READ, bytearray())
        pending += 1
        if pending >= 200:
            pump(0.05)
        else:
            pump(0)
    while pending and time.monotonic() < deadline:
        pump(0.5)
    if pending:
        print(f"{pending} connection(s) did not greet within {a.greeting_timeout}s", file=sys.stderr)

    tmp = a.ready_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{greeted} {len(socks)}\n")
    os.replace(tmp, a.ready_file)

    end = time.monotonic() + hold
    while time.monotonic() < end and not os.path.exists(a.release_file):
        time.sleep(0.2)
    for s in socks:
        try:
            s.close()
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
