"""Python's imaplib reads the quota over the server's IMAPS port: login, GETQUOTAROOT, GETQUOTA, SETQUOTA, logout.

Usage: imap_quota.py PORT USER PASSWORD
Prints one line per step for the test to check.
"""
import imaplib
import ssl
import sys


def text(data):
    """imaplib's response data (bytes, or lists of bytes per response) as one line."""
    return " | ".join(" ".join(part.decode() for part in (item if isinstance(item, list) else [item])) for item in data)


def main():
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    context = ssl.create_default_context()
    # The server's certificate is self-signed for the test host name.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    imap = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=30)
    typ, _ = imap.login(user, password)
    print("LOGIN", typ)
    typ, data = imap.getquotaroot("INBOX")
    print("GETQUOTAROOT", typ, text(data))
    typ, data = imap.getquota('""')
    print("GETQUOTA", typ, text(data))
    # imaplib raises only for BAD; a NO comes back with its text.
    typ, data = imap.setquota('""', "(STORAGE 2048)")
    print("SETQUOTA", typ, text(data))
    typ, _ = imap.logout()
    print("LOGOUT", typ)


if __name__ == "__main__":
    main()
