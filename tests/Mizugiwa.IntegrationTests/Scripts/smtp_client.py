#!/usr/bin/env python3
"""Python's own SMTP clients against Mizugiwa, driven by PythonClientTests.

usage: smtp_client.py MODE HOST PORT TOKEN
  pipelining   raw socket: EHLO, then MAIL/RCPT/RCPT/RCPT/DATA in one write, then message+QUIT in one write;
               prints the last line of every reply, one per line
  starttls     smtplib with STARTTLS (certificate not verified); prints "TLS <version>"
  two-rcpt     smtplib send_message to bob and the alias sales; prints "REFUSED <count>"
"""
import smtplib
import socket
import ssl
import sys
from email.message import EmailMessage

TIMEOUT = 10


def read_reply(stream):
    """Reads one SMTP reply and returns its lines."""
    lines = []
    while True:
        raw = stream.readline()
        if not raw:
            raise EOFError("server closed the connection after %r" % lines)
        line = raw.decode("utf-8").rstrip("\r\n")
        lines.append(line)
        if len(line) < 4 or line[3] != "-":
            return lines


def pipelining(host, port, token):
    def replies(stream, count):
        """Reads count replies, printing the last line of each as it arrives."""
        for _ in range(count):
            reply = read_reply(stream)
            print(reply[-1], flush=True)
            yield reply

    with socket.create_connection((host, port), timeout=TIMEOUT) as sock:
        stream = sock.makefile("rb")
        list(replies(stream, 1))
        sock.sendall(b"EHLO client.remote.test\r\n")
        (ehlo,) = replies(stream, 1)
        if "250-PIPELINING" not in ehlo:
            raise SystemExit("PIPELINING not advertised: %r" % ehlo)
        sock.sendall(b"MAIL FROM:<s@remote.test>\r\n"
                     b"RCPT TO:<alice@example.test>\r\n"
                     b"RCPT TO:<nobody@example.test>\r\n"
                     b"RCPT TO:<bob@example.test>\r\n"
                     b"DATA\r\n")
        list(replies(stream, 5))
        message = ("Subject: pipelined %s\r\nMessage-Id: <%s@tests.mizugiwa>\r\n\r\n"
                   "pipelined body %s\r\n.\r\nQUIT\r\n") % (token, token, token)
        sock.sendall(message.encode("ascii"))
        list(replies(stream, 2))


def new_message(token, to):
    message = EmailMessage()
    message["From"] = "s@remote.test"
    message["To"] = to
    message["Subject"] = "python %s" % token
    message["Message-Id"] = "<%s@tests.mizugiwa>" % token
    message.set_content("Sent by smtplib, token %s.\n" % token)
    return message


def starttls(host, port, token):
    with smtplib.SMTP(host, port, local_hostname="client.remote.test", timeout=TIMEOUT) as smtp:
        smtp.ehlo()
        smtp.starttls(context=ssl._create_unverified_context())
        smtp.ehlo()
        smtp.send_message(new_message(token, "alice@example.test"))
        print("TLS", smtp.sock.version())


def two_recipients(host, port, token):
    with smtplib.SMTP(host, port, local_hostname="client.remote.test", timeout=TIMEOUT) as smtp:
        refused = smtp.send_message(new_message(token, "bob@example.test, sales@example.test"))
        print("REFUSED", len(refused))


MODES = {"pipelining": pipelining, "starttls": starttls, "two-rcpt": two_recipients}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in MODES:
        raise SystemExit(__doc__)
    MODES[sys.argv[1]](sys.argv[2], int(sys.argv[3]), sys.argv[4])
