"""Python's imaplib marks a message as junk with a keyword, as Thunderbird does, and reads the flags back.

Usage: imap_keywords.py PORT USER PASSWORD
Prints one line per step for the test to check.
"""
import imaplib
import ssl
import sys


def main():
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    context = ssl.create_default_context()
    # The test server's certificate is self-signed for imap.test.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    imap = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=30)
    typ, _ = imap.login(user, password)
    print("LOGIN", typ)
    typ, _ = imap.select("INBOX")
    print("SELECT", typ, imap.untagged_responses.get("PERMANENTFLAGS", [b""])[0].decode())
    typ, data = imap.store("1", "+FLAGS", "($Junk)")
    print("STORE", typ, data[0].decode())
    typ, data = imap.fetch("1", "(FLAGS)")
    print("FETCH", typ, data[0].decode())
    typ, data = imap.search(None, "KEYWORD", "$Junk")
    print("SEARCH", typ, data[0].decode())
    typ, _ = imap.logout()
    print("LOGOUT", typ)


if __name__ == "__main__":
    main()
