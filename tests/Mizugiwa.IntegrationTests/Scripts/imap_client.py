"""Python's imaplib against the server's IMAPS port: login, select, search, fetch, store, logout.

Usage: imap_client.py PORT USER PASSWORD TOKEN
Prints one line per step for the test to check.
"""
import imaplib
import ssl
import sys


def main():
    port, user, password, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    context = ssl.create_default_context()
    # The server's certificate is self-signed for the test host name.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    imap = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=30)
    typ, _ = imap.login(user, password)
    print("LOGIN", typ)
    typ, data = imap.select("INBOX")
    print("SELECT", typ, int(data[0]) > 0)
    typ, data = imap.search(None, "SUBJECT", '"%s"' % token)
    ids = data[0].split()
    print("SEARCH", typ, len(ids))
    typ, data = imap.fetch(ids[0], "(RFC822)")
    raw = data[0][1]
    print("FETCH", typ, token.encode() in raw, raw.count(b"\r\n") > 0)
    typ, data = imap.store(ids[0], "+FLAGS", "(\\Flagged)")
    print("STORE", typ, data[0].decode())
    typ, data = imap.uid("SEARCH", None, "FLAGGED", "SUBJECT", '"%s"' % token)
    print("UIDSEARCH", typ, len(data[0].split()))
    typ, _ = imap.logout()
    print("LOGOUT", typ)


if __name__ == "__main__":
    main()
