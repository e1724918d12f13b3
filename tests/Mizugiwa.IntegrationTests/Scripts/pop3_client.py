"""Python's poplib against the server's POP3 listeners; prints one JSON object for the test to check.

usage: pop3_client.py MODE HOST PORT USER PASSWORD TOKEN
  read-ssl | read-stls   log in (POP3S, or STLS first), find the message whose headers hold TOKEN, TOP and RETR it,
                         DELE it and QUIT; prints the capabilities, its UIDL, LIST size and lines
  plain                  USER before STLS on the STLS port: prints the capabilities and the error
  wrong-password         POP3S with a wrong password: prints the error and how long it took
  in-use                 two logins to one mailbox at once: prints the second one's error, then logs in again after QUIT
"""
import json
import poplib
import ssl
import sys
import time

mode, host, port, user, password, token = sys.argv[1:7]
port = int(port)
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE  # the server's generated certificate is self-signed


def text(lines):
    return [line.decode("utf-8", "replace") for line in lines]


def connect(kind):
    if kind == "ssl":
        return poplib.POP3_SSL(host, port, context=context, timeout=30)
    client = poplib.POP3(host, port, timeout=30)
    if kind == "stls":
        client.stls(context=context)
    return client


def login(kind):
    client = connect(kind)
    client.user(user)
    client.pass_(password)
    return client


def error_of(action):
    try:
        action()
    except poplib.error_proto as e:
        return e.args[0].decode("utf-8", "replace")
    return None


if mode in ("read-ssl", "read-stls"):
    client = login("ssl" if mode == "read-ssl" else "stls")
    capa = sorted(client.capa().keys())
    count, size = client.stat()
    found = None
    for entry in client.uidl()[1]:
        number, uid = entry.decode().split(" ", 1)
        head = text(client.top(int(number), 0)[1])
        if any(token in line for line in head):
            found = (int(number), uid, head)
            break
    if found is None:
        print(json.dumps({"error": f"no message with {token} among {count}"}))
        sys.exit(1)
    number, uid, head = found
    listed = int(client.list(number).split()[2])
    top = text(client.top(number, 2)[1])
    retr = text(client.retr(number)[1])
    dele = client.dele(number).decode()
    quit_reply = client.quit().decode()
    print(json.dumps({"capa": capa, "count": count, "size": size, "uid": uid, "listed": listed,
                      "head": head, "top": top, "retr": retr, "dele": dele, "quit": quit_reply}))
elif mode == "plain":
    client = connect("plain")
    capa = sorted(client.capa().keys())
    user_error = error_of(lambda: client.user(user))
    pass_error = error_of(lambda: client.pass_(password))
    client.quit()
    print(json.dumps({"capa": capa, "user": user_error, "pass": pass_error}))
elif mode == "wrong-password":
    client = connect("ssl")
    client.user(user)
    started = time.monotonic()
    error = error_of(lambda: client.pass_(password + "-wrong"))
    seconds = time.monotonic() - started
    client.quit()
    print(json.dumps({"error": error, "seconds": seconds}))
elif mode == "in-use":
    first = login("ssl")
    second = connect("ssl")
    second.user(user)
    in_use = error_of(lambda: second.pass_(password))
    first.quit()
    second.user(user)
    again = second.pass_(password).decode()
    second.quit()
    print(json.dumps({"in_use": in_use, "again": again}))
else:
    sys.exit(f"unknown mode {mode}")
