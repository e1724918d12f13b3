#!/usr/bin/env python3
"""Reads a whole mailbox over IMAPS or POP3S and prints the seconds it took and what it read.

    mail_reading.py imap|pop3 HOST PORT USER PASSWORD EXPECTED

One session: log in, IMAP `SELECT INBOX` + `UID FETCH 1:* (BODY.PEEK[])` / POP3 `STAT` + `RETR` of every
message (nothing is deleted), log out. Prints "SECONDS MESSAGES OCTETS"; exits 1 when the count is not
EXPECTED, so a server that lists less cannot look fast. The TLS certificate is not checked (throwaway
self-signed certificates on loopback).
"""
import imaplib
import poplib
import ssl
import sys
import time

poplib._MAXLINE = 1 << 20  # corpus messages have lines longer than poplib's 2048


def tls():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def read_imap(host, port, user, password):
    client = imaplib.IMAP4_SSL(host, port, ssl_context=tls(), timeout=120)
    client.login(user, password)
    client.select("INBOX", readonly=True)
    status, data = client.uid("FETCH", "1:*", "(BODY.PEEK[])")
    if status != "OK":
        raise SystemExit(f"UID FETCH: {status} {data}")
    bodies = [part[1] for part in data if isinstance(part, tuple)]
    client.logout()
    return len(bodies), sum(len(b) for b in bodies)


def read_pop3(host, port, user, password):
    client = poplib.POP3_SSL(host, port, context=tls(), timeout=120)
    client.user(user)
    client.pass_(password)
    count, _ = client.stat()
    octets = 0
    for number in range(1, count + 1):
        _, lines, size = client.retr(number)
        octets += size
    client.quit()
    return count, octets


def main():
    protocol, host, port, user, password, expected = sys.argv[1:7]
    read = read_imap if protocol == "imap" else read_pop3
    start = time.perf_counter()
    messages, octets = read(host, int(port), user, password)
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f} {messages} {octets}")
    if messages != int(expected):
        print(f"{protocol} on {port} gave {messages} messages, not {expected}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
