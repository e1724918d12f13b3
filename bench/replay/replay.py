#!/usr/bin/env python3
"""Replay the SpamAssassin public corpus through `mizugiwa serve` on loopback.

Each message gets the client IP, PTR name and HELO that the recipient's MX recorded in the
message's own Received headers (given to the server with XCLIENT). The first attempt is made
against a server whose greylisting delay is long (nothing can pass greylisting in that phase);
then the server is restarted with a zero delay on the same data directory and every message that
got a 4xx at RCPT is sent once more ("the sender retries"). The per-message outcomes come from
the replies the harness received and from the server's transaction log (check and rule).

Usually run through bench/replay/run.sh (which builds first). Subcommands:
  replay.py run     start dnsmasq + mizugiwa, replay, write CSV and the tables in docs/REPLAY.md
  replay.py extract print what the header heuristic finds for some messages (debugging)

Nothing here talks to anything but 127.0.0.0/8: the server listens on 127.0.0.1, the only DNS
server it is given is a dnsmasq on 127.0.0.1 that answers every query NXDOMAIN from local data.
"""
import argparse
import collections
import concurrent.futures
import csv
import datetime
import email.utils
import gzip
import ipaddress
import os
import re
import shutil
import signal
import smtplib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

FOLDERS = ["spam", "spam_2", "easy_ham", "easy_ham_2", "hard_ham"]
SPAM = {"spam", "spam_2"}
RCPT = "user@replay.test"
DOMAIN = "replay.test"

# The corpus owner's own receiving hosts (J. Mason's MX dogma.slashnull.org, the POP3 host
# mail.webnote.net, the local Postfix on phobos): a Received hop *from* one of them is our own
# MTA handing the message on, not the client that reached the MX.
OWN_NAME_RE = re.compile(r"(^|\.)(slashnull\.org|jmason\.org|netnoteinc\.com|webnote\.net)$", re.I)
OWN_IPS = {"212.17.35.15", "193.120.211.219", "213.105.180.140"}
# The names the corpus owner's MX answered to: given to the server as its MX names so that a HELO
# claiming them is refused as it would have been there ("that is my name").
OWN_MX_NAMES = ["dogma.slashnull.org", "mail.webnote.net", "webnote.net"]
# The corpus recipients' domains (anonymised ones included): provisioned as local domains so that a
# HELO claiming one of them is refused ("that is my domain"). Nothing is delivered to them.
OWN_DOMAINS = ["jmason.org", "spamassassin.taint.org", "netnoteinc.com", "slashnull.org"]

IP4 = r"\d{1,3}(?:\.\d{1,3}){3}"
# Sendmail / Postfix / most others: from HELO ([ident@]NAME [IP] [(may be forged)])
RE_SENDMAIL = re.compile(
    r"^from\s+(?P<helo>\S*)\s+\((?:IDENT:)?(?:[^\s()\[\]]*@)?(?P<name>[^\s()\[\]@]*)\s*"
    r"\[(?:IPv6:::ffff:|::ffff:)?(?P<ip>" + IP4 + r")\](?P<rest>[^)]*(?:\([^)]*\))?[^)]*)\)", re.I)
# Exim: from NAME ([IP] helo=HELO)   |   from [IP] (helo=HELO)   |   from NAME ([IP])  (HELO = NAME)
RE_EXIM1 = re.compile(r"^from\s+(?P<name>\S+)\s+\(\[(?P<ip>" + IP4 + r")\](?::\d+)?\s+helo=(?P<helo>[^\s)]+)\)", re.I)
RE_EXIM2 = re.compile(r"^from\s+\[(?P<ip>" + IP4 + r")\](?::\d+)?\s+\(helo=(?P<helo>[^\s)]+)\)", re.I)
RE_EXIM3 = re.compile(r"^from\s+(?P<name>[^\s\[\]]+)\s+\(\[(?P<ip>" + IP4 + r")\](?::\d+)?\)", re.I)
# qmail: from NAME (HELO HELO) ([ident@][IP])
RE_QMAIL = re.compile(r"^from\s+(?P<name>\S+)\s+\(HELO\s+(?P<helo>[^\s)]*)\)\s+\((?:[^\s()@]*@)?\[?(?P<ip>" + IP4 + r")\]?\)", re.I)
RE_BY = re.compile(r"\bby\s+([^\s;()]+)", re.I)
RE_ADDR = re.compile(r"^[^\s<>()@,;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
RE_HOSTNAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$")


def headers_of(raw):
    """Unfolded header fields (name: value) of a raw message, without the mbox From_ line."""
    head = re.split(r"\r?\n\r?\n", raw, maxsplit=1)[0]
    fields = []
    for line in head.splitlines():
        if line.startswith("From ") and not fields:
            fields.append(line)
            continue
        if line[:1] in (" ", "\t") and fields:
            fields[-1] += " " + line.strip()
        else:
            fields.append(line.rstrip())
    return fields


def public(ip):
    try:
        return ipaddress.ip_address(ip).is_global
    except ValueError:
        return False


def parse_received(value):
    """(helo, name, ip, format, forged) from one Received value, or None."""
    v = re.sub(r"\s+", " ", value).strip()
    exim = "exim" in v.lower()
    candidates = []
    if exim:
        candidates = [("exim", RE_EXIM1), ("exim", RE_EXIM2), ("exim", RE_EXIM3)]
    candidates += [("sendmail", RE_SENDMAIL), ("qmail", RE_QMAIL)]
    for fmt, rx in candidates:
        m = rx.match(v)
        if not m:
            continue
        d = m.groupdict()
        ip = d["ip"]
        if any(int(o) > 255 for o in ip.split(".")):
            return None
        name = (d.get("name") or "").strip().lower().rstrip(".")
        helo = d.get("helo")
        forged = False
        if fmt == "sendmail":
            forged = "may be forged" in (d.get("rest") or "").lower()
        if fmt == "exim" and rx is RE_EXIM3:
            helo = name
        if name.startswith("[") or name in ("", "unknown") or re.fullmatch(IP4, name):
            name = ""
        by = RE_BY.search(v[m.end():])
        return {"helo": helo or "", "name": name, "ip": ip, "fmt": fmt, "forged": forged,
                "by": by.group(1).lower() if by else "", "time": date_of(v.rsplit(";", 1)[-1]) if ";" in v else None}
    return None


def date_of(text):
    """Seconds since the epoch of an RFC 822 date, or None."""
    try:
        d = email.utils.parsedate_to_datetime(text.strip())
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        return d.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def client_of(fields):
    """The client that handed the message to the recipient's MX: the topmost parseable Received
    hop with a public IP that is not one of the corpus owner's own hosts."""
    for f in fields:
        if not f.lower().startswith("received:"):
            continue
        r = parse_received(f.split(":", 1)[1])
        if r is None or not public(r["ip"]):
            continue
        if r["ip"] in OWN_IPS or (r["name"] and OWN_NAME_RE.search(r["name"])):
            continue
        return r
    return None


def envelope_sender(fields):
    """Return-Path (topmost), else the mbox From_ line, else From:, else the null sender."""
    def clean(a):
        a = a.strip().strip("<>").strip()
        return a if RE_ADDR.match(a) and len(a) < 250 and a.isascii() else None
    for f in fields:
        if f.lower().startswith("return-path:"):
            v = f.split(":", 1)[1].strip()
            if v.replace(" ", "") == "<>":
                return "", "return-path"
            m = re.search(r"<([^>]*)>", v)
            a = clean(m.group(1) if m else v.split()[0] if v.split() else "")
            if a:
                return a, "return-path"
            break
    if fields and fields[0].startswith("From "):
        parts = fields[0].split()
        if len(parts) > 1:
            a = clean(parts[1])
            if a:
                return a, "mbox-from"
    for f in fields:
        if f.lower().startswith("from:"):
            a = clean(email.utils.parseaddr(f.split(":", 1)[1])[1])
            if a:
                return a, "from"
    return "", "null"


def via_list(fields):
    names = {f.split(":", 1)[0].lower() for f in fields if ":" in f}
    # Headers that list managers add and spammers rarely fake (List-Unsubscribe is left out: bulk
    # senders put it in their own mail).
    return bool(names & {"list-id", "list-post", "mailing-list", "x-mailing-list", "x-beenthere", "x-mailman-version"})


def load_corpus(root):
    msgs = []
    for folder in FOLDERS:
        d = os.path.join(root, folder)
        for fn in sorted(os.listdir(d)):
            path = os.path.join(d, fn)
            with open(path, "rb") as fh:
                raw = fh.read()
            fields = headers_of(raw.decode("latin-1"))
            c = client_of(fields)
            sender, src = envelope_sender(fields)
            m = {"folder": folder, "file": fn, "path": path, "sender": sender, "sender_src": src,
                 "via_list": via_list(fields)}
            if c:
                m.update(c)
                if m["time"] is None:
                    m["time"] = next((date_of(f.split(":", 1)[1]) for f in fields if f.lower().startswith("date:")), None)
            msgs.append(m)
    return msgs


def message_bytes(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    return re.sub(rb"\r\n|\r|\n", b"\r\n", raw)


def xtext(s):
    out = []
    for b in s.encode("utf-8"):
        out.append(chr(b) if 33 <= b <= 126 and b not in (43, 61) else "+%02X" % b)
    return "".join(out)


def source_address(phase, n):
    return "127.%d.%d.%d" % (phase, n // 254, n % 254 + 1)


def attempt(port, phase, n, m, timeout=60):
    """One SMTP session. Returns dict(stage, code, reply, data_code, data_reply)."""
    res = {"stage": "", "code": 0, "reply": "", "data_code": "", "data_reply": "", "error": ""}
    src = source_address(phase, n)
    helo = m["helo"]
    ehlo_arg = helo if helo and all(33 <= ord(ch) <= 126 for ch in helo) else None
    try:
        s = smtplib.SMTP(timeout=timeout, source_address=(src, 0), local_hostname="harness.replay.test")
        code, msg = s.connect("127.0.0.1", port)
        if code != 220:
            res.update(stage="CONNECT", code=code, reply=msg.decode("latin-1"))
            return res
        s.ehlo("harness.replay.test")
        name = m["name"] if m["name"] and not m["forged"] else "[UNAVAILABLE]"
        args = "ADDR=%s NAME=%s HELO=%s" % (m["ip"], xtext(name), xtext(helo) if helo else "[UNAVAILABLE]")
        code, msg = s.docmd("XCLIENT", args)
        if code != 220:
            res.update(stage="XCLIENT", code=code, reply=msg.decode("latin-1"))
            return res
        if ehlo_arg is None:
            # A HELO that cannot be sent as an EHLO argument (spaces, odd bytes): the XCLIENT HELO is
            # what the checks see; greet with HELO using a placeholder that changes nothing else.
            code, msg = s.docmd("EHLO", xtext(helo) or "[%s]" % m["ip"])
        else:
            code, msg = s.ehlo(ehlo_arg)
        if code != 250:
            res.update(stage="EHLO", code=code, reply=msg.decode("latin-1"))
            s.close()
            return res
        code, msg = s.mail(m["sender"])
        if code != 250:
            res.update(stage="MAIL", code=code, reply=msg.decode("latin-1"))
            s.close()
            return res
        code, msg = s.rcpt(RCPT)
        res.update(stage="RCPT", code=code, reply=msg.decode("latin-1"))
        if code in (250, 251):
            try:
                code, msg = s.data(message_bytes(m["path"]))
            except smtplib.SMTPDataError as e:
                code, msg = e.smtp_code, e.smtp_error
            res.update(data_code=code, data_reply=msg.decode("latin-1") if isinstance(msg, bytes) else str(msg))
        try:
            s.quit()
        except (smtplib.SMTPException, OSError):
            s.close()
    except (smtplib.SMTPException, OSError) as e:
        res["error"] = "%s: %s" % (type(e).__name__, e)
    return res


def replay_phase(port, phase, items, workers):
    """items: list of (n, message). Returns {n: result}."""
    results = {}
    lock = threading.Lock()
    done = [0]
    t0 = time.time()

    def one(item):
        n, m = item
        r = attempt(port, phase, n, m)
        with lock:
            results[n] = r
            done[0] += 1
            if done[0] % 500 == 0:
                log("phase %d: %d/%d (%.0f s)" % (phase, done[0], len(items), time.time() - t0))

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        list(ex.map(one, items))
    log("phase %d: %d sessions in %.1f s" % (phase, len(items), time.time() - t0))
    return results


def replay_stream(port, items, workers):
    """Phase 3: the corpus as one stream of mail to one MX, greylisting state kept (delay 0, so the
    first attempt on a new triplet is deferred and any later attempt passes). Messages of one client
    /24 (the greylisting key of S25R clients) go in time order on one worker. A deferred ham message
    is retried at once (a real MTA retries); a deferred spam message is not (a bot does not).
    Returns {n: (first result, retry result or None)}."""
    groups = collections.defaultdict(list)
    for n, m in items:
        groups[".".join(m["ip"].split(".")[:3])].append((n, m))
    order = sorted(groups.values(), key=len, reverse=True)
    for g in order:
        g.sort(key=lambda nm: (nm[1].get("time") or 0, nm[0]))
    results = {}
    lock = threading.Lock()
    t0 = time.time()

    def one(group):
        for n, m in group:
            r1 = attempt(port, 3, n, m)
            r2 = None
            if m["folder"] not in SPAM and r1["stage"] == "RCPT" and 400 <= r1["code"] < 500:
                r2 = attempt(port, 4, n, m)
            with lock:
                results[n] = (r1, r2)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        list(ex.map(one, order))
    log("phase 3 (stream): %d messages from %d client networks in %.1f s" % (len(items), len(groups), time.time() - t0))
    return results


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


class Procs:
    """Processes we started; each is stopped by its own PID."""

    def __init__(self):
        self.procs = []

    def start(self, args, env=None, out=None):
        p = subprocess.Popen(args, env=env, stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self, p, grace=20):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if p in self.procs:
            self.procs.remove(p)

    def stop_all(self):
        for p in list(self.procs):
            self.stop(p, 5)


def mz_env(base, data, port, dns_port, delay):
    env = dict(base)
    env.update({
        "MIZUGIWA__DataDirectory": data,
        "MIZUGIWA__HostName": "mx.replay.test",
        "MIZUGIWA__ShutdownGraceSeconds": "5",
        "MIZUGIWA__Mx__Address": "127.0.0.1",
        "MIZUGIWA__Mx__Port": str(port),
        "MIZUGIWA__Mx__XclientNetworks__0": "127.0.0.0/8",
        "MIZUGIWA__Checks__TrustedNetworks__0": "192.0.2.255/32",
        "MIZUGIWA__Web__Enabled": "false",
        "MIZUGIWA__Checks__Dns__Servers__0": "127.0.0.1:%d" % dns_port,
        "MIZUGIWA__Checks__Dns__TimeoutMilliseconds": "500",
        "MIZUGIWA__Checks__Dns__Retries": "0",
        "MIZUGIWA__Checks__Rgrey__DelaySeconds": str(delay),
        "MIZUGIWA__Limits__MaxConnections": "1000",
        # Years of mail arrive within a minute here: rate limits and the harvest guard would judge the replay's pace, not the mail.
        "MIZUGIWA__Checks__Flow__Enabled": "false",
        "MIZUGIWA__Checks__Harvest__Enabled": "false",
    })
    for i, n in enumerate(OWN_MX_NAMES):
        env["MIZUGIWA__Checks__Helo__MxNames__%d" % i] = n
    return env


def read_log(db):
    """{source address: {stage: row}} from the transaction log (the CONNECT row names the source)."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute("SELECT session_id, stage, client_address, client_name, helo, check_name, rule, reply"
                       " FROM transaction_log ORDER BY id").fetchall()
    con.close()
    by_session = collections.defaultdict(dict)
    source = {}
    for sid, stage, client, name, helo, check, rule, reply in rows:
        if stage == "CONNECT":
            source[sid] = client
        by_session[sid].setdefault(stage, {"client": client, "name": name, "helo": helo, "check": check or "",
                                           "rule": rule or "", "reply": reply})
        if stage == "RCPT":
            by_session[sid]["RCPT"] = {"client": client, "name": name, "helo": helo, "check": check or "",
                                       "rule": rule or "", "reply": reply}
    out = {}
    for sid, src in source.items():
        out[src] = by_session[sid]
    return out, len(rows)


def classify(res, row):
    """outcome, check, rule for one attempt."""
    if res is None:
        return "", "", ""
    if res["error"] and not res["code"]:
        return "error", "", res["error"][:80]
    rc = (row or {}).get("RCPT") or {}
    check, rule = rc.get("check", ""), rc.get("rule", "")
    code = res["code"]
    if res["stage"] != "RCPT":
        return "other", res["stage"].lower(), "%s %s" % (code, res["reply"][:60])
    if code in (250, 251):
        return "accepted", check, rule
    if 400 <= code < 500:
        return "4xx", check or "?", rule
    return "5xx", check or "?", rule


def s25r_rule(rule):
    m = re.search(r"S25R (\S+?)(?:;|$)", rule or "")
    return m.group(1) if m else (rule or "")


def run(args):
    repo = os.path.abspath(args.repo)
    dll = os.path.join(repo, "src/Mizugiwa/bin/Release/net10.0/mizugiwa.dll")
    if not os.path.exists(dll):
        sys.exit("build first: %s is missing (bench/replay/run.sh builds it)" % dll)
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(os.path.join(corpus, "spam")):
        sys.exit("corpus not found at %s (expected ../shared/corpus/spamassassin-public)" % corpus)
    t_start = time.time()
    log("reading the corpus")
    msgs = load_corpus(corpus)
    if args.limit:
        per = collections.defaultdict(int)
        keep = []
        for m in msgs:
            per[m["folder"]] += 1
            if per[m["folder"]] <= args.limit:
                keep.append(m)
        msgs = keep
    items = [(n, m) for n, m in enumerate(msgs) if m.get("ip")]
    log("%d messages, %d with client info" % (len(msgs), len(items)))

    work = tempfile.mkdtemp(prefix="mizugiwa-replay.", dir="/var/tmp")
    data = os.path.join(work, "data")
    procs = Procs()
    ok = False
    try:
        # A DNS server that knows nothing and asks nobody: every query gets NXDOMAIN at once.
        dns_port = free_port(socket.SOCK_DGRAM)
        dns_log = open(os.path.join(work, "dnsmasq.log"), "wb")
        procs.start(["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=%d" % dns_port,
                     "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                     "--local=/#/", "--pid-file=", "--log-queries", "--log-facility=-"], out=dns_log)
        time.sleep(0.5)
        base = dict(os.environ)
        base.pop("MIZUGIWA__DataDirectory", None)
        mz = ["dotnet", dll]
        def provision(d):
            env0 = mz_env(base, d, 0, dns_port, args.first_delay)
            for dom in [DOMAIN] + OWN_DOMAINS:
                subprocess.run(mz + ["domain", "add", dom], env=env0, check=True, stdout=subprocess.DEVNULL)
            subprocess.run(mz + ["account", "add", RCPT, "--password-stdin"], env=env0, check=True,
                           input=b"replay-" + os.urandom(6).hex().encode() + b"\n", stdout=subprocess.DEVNULL)
        provision(data)

        phases = {}
        retry_items = []
        for phase, delay in ((1, args.first_delay), (2, 0)):
            if phase == 2:
                retry_items = [(n, m) for n, m in items
                               if phases[1].get(n, {}).get("stage") == "RCPT" and 400 <= phases[1][n]["code"] < 500]
                if not retry_items:
                    break
            port = free_port()
            out = open(os.path.join(work, "serve%d.log" % phase), "wb")
            p = procs.start(mz + ["serve"], env=mz_env(base, data, port, dns_port, delay), out=out)
            if not wait_port(port, 60):
                sys.exit("mizugiwa serve did not listen on %d; see %s/serve%d.log" % (port, work, phase))
            log("phase %d: server on 127.0.0.1:%d, Rgrey delay %d s" % (phase, port, delay))
            phases[phase] = replay_phase(port, phase, items if phase == 1 else retry_items, args.workers)
            procs.stop(p)
            out.close()

        # Phase 3: a fresh server state, the corpus as one chronological stream.
        data3 = os.path.join(work, "data3")
        provision(data3)
        port = free_port()
        out = open(os.path.join(work, "serve3.log"), "wb")
        p = procs.start(mz + ["serve"], env=mz_env(base, data3, port, dns_port, 0), out=out)
        if not wait_port(port, 60):
            sys.exit("mizugiwa serve did not listen on %d; see %s/serve3.log" % (port, work))
        log("phase 3: server on 127.0.0.1:%d, Rgrey delay 0 s, fresh greylist" % port)
        stream = replay_stream(port, items, args.workers)
        procs.stop(p)
        out.close()

        procs.stop_all()
        dns_log.close()
        tlog, nrows = read_log(os.path.join(data, "mizugiwa.db"))
        tlog3, nrows3 = read_log(os.path.join(data3, "mizugiwa.db"))
        tlog.update(tlog3)
        log("transaction log: %d + %d rows" % (nrows, nrows3))
        report(args, repo, work, msgs, phases, tlog, t_start, stream)
        ok = True
    finally:
        procs.stop_all()
        if ok and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log("work directory kept: %s" % work)


def server_problems(work):
    """Warnings/errors/exceptions in the server logs, and DNS queries dnsmasq saw."""
    probs = collections.Counter()
    for fn in ("serve1.log", "serve2.log"):
        path = os.path.join(work, fn)
        if not os.path.exists(path):
            continue
        with open(path, "rb") as fh:
            for line in fh.read().decode("utf-8", "replace").splitlines():
                if re.match(r"^\s*(fail|crit|warn)\b", line) or "Exception" in line:
                    probs[re.sub(r"\d+", "N", line.strip())[:160]] += 1
    queries = collections.Counter()
    qpath = os.path.join(work, "dnsmasq.log")
    if os.path.exists(qpath):
        with open(qpath, "rb") as fh:
            for l in fh:
                m = re.search(rb"query\[(\w+)\] (\S+)", l)
                if m:
                    own = m.group(2).lower().endswith(b".127.in-addr.arpa")
                    queries["%s %s" % (m.group(1).decode(), "for a 127.x harness address" if own else "other")] += 1
    return probs, queries


def sender_key(a):
    """Roughly the server's greylisting sender normalisation (lower case, no +ext, digit runs as #)."""
    a = a.lower()
    if "@" in a:
        local, dom = a.rsplit("@", 1)
        a = local.split("+", 1)[0] + "@" + dom
    return re.sub(r"\d+", "#", a)


def pct(a, b):
    return "%.1f %%" % (100.0 * a / b) if b else "–"


def report(args, repo, work, msgs, phases, tlog, t_start, stream):
    date = datetime.date.today().isoformat()
    rows = []
    for n, m in enumerate(msgs):
        r1 = phases.get(1, {}).get(n)
        r2 = phases.get(2, {}).get(n)
        o1, c1, ru1 = classify(r1, tlog.get(source_address(1, n)))
        o2, c2, ru2 = classify(r2, tlog.get(source_address(2, n)))
        logged1 = (tlog.get(source_address(1, n)) or {}).get("RCPT", {}).get("reply", "")
        s1, s2 = stream.get(n, (None, None))
        o3, c3, ru3 = classify(s1, tlog.get(source_address(3, n)))
        o4, _, _ = classify(s2, tlog.get(source_address(4, n)))
        rows.append({
            "folder": m["folder"], "file": m["file"][:5], "client_ip": m.get("ip", ""),
            "ptr": m.get("name", ""), "forged": int(bool(m.get("forged"))), "helo": m.get("helo", ""),
            "hdr_format": m.get("fmt", ""), "mx": m.get("by", ""), "via_list": int(m["via_list"]),
            "sender_src": m["sender_src"],
            "first": o1 if m.get("ip") else "no-client-info", "first_code": (r1 or {}).get("code", ""),
            "first_check": c1, "first_rule": ru1,
            "first_data": (r1 or {}).get("data_code", ""),
            "retry": o2, "retry_code": (r2 or {}).get("code", ""), "retry_check": c2, "retry_rule": ru2,
            "retry_data": (r2 or {}).get("data_code", ""),
            "time": datetime.datetime.fromtimestamp(m["time"], datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if m.get("time") else "",
            "stream": o3, "stream_check": c3, "stream_rule": ru3, "stream_retry": o4,
            "_reply1": (r1 or {}).get("reply", ""), "_sender": m["sender"], "_logged1": logged1,
            "_data_reply1": (r1 or {}).get("data_reply", ""), "_error1": (r1 or {}).get("error", ""),
            "_error2": (r2 or {}).get("error", ""), "_data_reply2": (r2 or {}).get("data_reply", ""),
        })

    os.makedirs(os.path.join(repo, "bench/results"), exist_ok=True)
    cols = [k for k in rows[0] if not k.startswith("_")]
    csv_path = os.path.join(repo, "bench/results/replay-%s.csv" % date)
    with open(csv_path, "w", newline="") as fh:
        w = csv.DictWriter(fh, cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    if os.path.getsize(csv_path) > 2_000_000:
        with open(csv_path, "rb") as src, gzip.open(csv_path + ".gz", "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.remove(csv_path)
        csv_path += ".gz"
    log("per-message results: %s" % os.path.relpath(csv_path, repo))

    md = tables(rows, args, work, date, t_start, os.path.relpath(csv_path, repo))
    doc = os.path.join(repo, "docs/REPLAY.md")
    begin, end = "<!-- replay:begin (generated by bench/replay/replay.py) -->", "<!-- replay:end -->"
    text = open(doc).read() if os.path.exists(doc) else "# Replay of the SpamAssassin corpus\n\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + begin + "\n" + md + end + text[text.index(end) + len(end):]
    else:
        text += "\n" + begin + "\n" + md + end + "\n"
    with open(doc, "w") as fh:
        fh.write(text)
    with open(os.path.join(work, "tables.md"), "w") as fh:
        fh.write(md)
    print(md)


def tables(rows, args, work, date, t_start, csv_rel):
    L = []
    add = L.append
    folders = [f for f in FOLDERS if any(r["folder"] == f for r in rows)]
    rules = ["rule%d" % i for i in range(7)]

    add("Run of %s: %d messages, %d concurrent connections, %.0f s in all; per-message results in `%s`."
        % (date, len(rows), args.workers, time.time() - t_start, csv_rel))
    add("")
    add("### First attempt, per folder")
    add("")
    add("| folder | messages | no client info | replayed | accepted | deferred by Rgrey | rejected by HELO checks | other | stopped at 1st attempt | still stopped if the sender retries |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = collections.defaultdict(lambda: collections.Counter())

    def stats(rs):
        c = collections.Counter()
        for r in rs:
            c["messages"] += 1
            if r["first"] == "no-client-info":
                c["noinfo"] += 1
                continue
            c["replayed"] += 1
            if r["first"] == "accepted":
                c["accepted"] += 1
            elif r["first"] == "4xx" and r["first_check"] == "rgrey":
                c["rgrey"] += 1
            elif r["first"] in ("4xx", "5xx") and r["first_check"] == "helo":
                c["helo"] += 1
            else:
                c["other"] += 1
            if r["first"] != "accepted":
                c["stopped1"] += 1
                if r["first"] != "4xx" or r["retry"] != "accepted":
                    c["stopped2"] += 1
            if r["first_data"] not in ("", 250):
                c["data_refused"] += 1
        return c

    groups = [(f, [r for r in rows if r["folder"] == f]) for f in folders]
    groups += [("**all spam**", [r for r in rows if r["folder"] in SPAM]),
               ("**all ham**", [r for r in rows if r["folder"] not in SPAM])]
    for name, rs in groups:
        if not rs:
            continue
        c = stats(rs)
        add("| %s | %d | %d | %d | %d | %d | %d | %d | %d (%s) | %d (%s) |" % (
            name, c["messages"], c["noinfo"], c["replayed"], c["accepted"], c["rgrey"], c["helo"], c["other"],
            c["stopped1"], pct(c["stopped1"], c["replayed"]), c["stopped2"], pct(c["stopped2"], c["replayed"])))
    add("")
    add("Shares are of the replayed messages (those with client info). \"Other\" is any refusal by another")
    add("check or at another stage; see the breakdown below.")
    add("")

    add("### Rule breakdown at the first attempt")
    add("")
    helo_rules = sorted({r["first_rule"] for r in rows if r["first_check"] == "helo" and r["first"] in ("4xx", "5xx")})
    add("| folder | " + " | ".join("Rgrey S25R " + x for x in rules) + " | Rgrey other |" +
        "".join(" HELO %s |" % h for h in helo_rules))
    add("|---|" + "---:|" * (len(rules) + 1 + len(helo_rules)))
    for name, rs in groups:
        if not rs:
            continue
        rg = collections.Counter(s25r_rule(r["first_rule"]) for r in rs if r["first"] == "4xx" and r["first_check"] == "rgrey")
        hl = collections.Counter(r["first_rule"] for r in rs if r["first_check"] == "helo" and r["first"] in ("4xx", "5xx"))
        other_rg = sum(v for k, v in rg.items() if k not in rules)
        add("| %s | %s | %d |%s" % (name, " | ".join(str(rg[x]) for x in rules), other_rg,
                                    "".join(" %d |" % hl[h] for h in helo_rules)))
    add("")

    others = collections.Counter()
    for r in rows:
        if r["first"] not in ("accepted", "no-client-info") and not (
                (r["first"] == "4xx" and r["first_check"] == "rgrey") or
                (r["first"] in ("4xx", "5xx") and r["first_check"] == "helo")):
            others[(r["folder"], r["first"], r["first_check"], r["first_rule"] or r["_reply1"][:60])] += 1
    if others:
        add("\"Other\" outcomes at the first attempt:")
        add("")
        add("| folder | outcome | check / stage | rule or reply | messages |")
        add("|---|---|---|---|---:|")
        for (f, o, c, ru), v in sorted(others.items(), key=lambda kv: -kv[1]):
            add("| %s | %s | %s | %s | %d |" % (f, o, c, ru.replace("|", "/"), v))
        add("")

    add("### Ham: what the checks did to legitimate mail (false-positive view)")
    add("")
    ham = [r for r in rows if r["folder"] not in SPAM and r["first"] != "no-client-info"]
    fp = collections.Counter()
    for r in ham:
        if r["first"] == "accepted":
            continue
        key = (r["first"], r["first_check"], s25r_rule(r["first_rule"]) if r["first_check"] == "rgrey" else r["first_rule"])
        fp[key] += 1
    retried_ok = sum(1 for r in ham if r["first"] == "4xx" and r["retry"] == "accepted")
    add("| first reply | check | rule | ham messages | of which folder hard_ham |")
    add("|---|---|---|---:|---:|")
    for (o, c, ru), v in sorted(fp.items(), key=lambda kv: -kv[1]):
        hard = sum(1 for r in ham if r["folder"] == "hard_ham" and r["first"] == o and r["first_check"] == c and
                   (s25r_rule(r["first_rule"]) if c == "rgrey" else r["first_rule"]) == ru)
        add("| %s | %s | %s | %d | %d |" % (o, c, ru, v, hard))
    add("")
    add("Ham deferred at the first attempt and accepted on the retry: %d of %d deferred."
        % (retried_ok, sum(1 for r in ham if r["first"] == "4xx")))
    add("")

    add("### Stream model: the corpus as one chronological stream to one MX")
    add("")
    add("Greylisting state kept from message to message; ham senders retry, spam senders do not (see the text).")
    add("")
    add("| folder | replayed | accepted at once | delayed (deferred, accepted on retry) | stopped by Rgrey (deferred, no retry) | rejected (5xx) | other |")
    add("|---|---:|---:|---:|---:|---:|---:|")
    for name, rs in groups:
        rs = [r for r in rs if r["stream"]]
        if not rs:
            continue
        acc = sum(1 for r in rs if r["stream"] == "accepted")
        dly = sum(1 for r in rs if r["stream"] == "4xx" and r["stream_retry"] == "accepted")
        stp = sum(1 for r in rs if r["stream"] == "4xx" and r["stream_retry"] != "accepted" and r["stream_check"] == "rgrey")
        rej = sum(1 for r in rs if r["stream"] == "5xx")
        oth = len(rs) - acc - dly - stp - rej
        add("| %s | %d | %d (%s) | %d (%s) | %d (%s) | %d (%s) | %d |" % (
            name, len(rs), acc, pct(acc, len(rs)), dly, pct(dly, len(rs)), stp, pct(stp, len(rs)), rej, pct(rej, len(rs)), oth))
    add("")

    # Spam accepted in the stream only because an earlier message on its triplet had been deferred:
    # the server's delay is 0 here, so this "retry" passes at any distance in time.
    first_seen = {}
    gaps = collections.Counter()
    for r in sorted((r for r in rows if r["stream"] and r["time"]), key=lambda r: r["time"]):
        key = (".".join(r["client_ip"].split(".")[:3]), sender_key(r["_sender"]))
        first_seen.setdefault(key, r["time"])
        if r["folder"] in SPAM and r["stream"] == "accepted" and "passed greylisting" in r["stream_rule"]:
            gap = (datetime.datetime.fromisoformat(r["time"][:-1]) - datetime.datetime.fromisoformat(first_seen[key][:-1])).total_seconds()
            gaps["< 300 s" if gap < 300 else "300 s to 48 h" if gap <= 172800 else "> 48 h"] += 1
    add("Spam accepted in the stream because an earlier spam on the same triplet had already been deferred"
        " (the server's delay is 0 in this phase, so such a later message passes whatever the time between them),"
        " by time since the triplet's first message: %s. With the real 300 s delay and 48 h retry window the"
        " `< 300 s` and `> 48 h` ones would have been deferred again." % (", ".join("%s: %d" % kv for kv in sorted(gaps.items())) or "none"))
    add("")

    add("### Retry (second attempt after the greylisting delay, same client, sender and recipient)")
    add("")
    add("| folder | deferred at 1st attempt | retried | accepted on retry | still refused |")
    add("|---|---:|---:|---:|---:|")
    for name, rs in groups:
        d = [r for r in rs if r["first"] == "4xx"]
        acc = sum(1 for r in d if r["retry"] == "accepted")
        add("| %s | %d | %d | %d | %d |" % (name, len(d), sum(1 for r in d if r["retry"]), acc, len(d) - acc))
    add("")

    add("### Where the client information came from")
    add("")
    fmt = collections.Counter(r["hdr_format"] or "none" for r in rows)
    mx = collections.Counter(r["mx"] for r in rows if r["mx"])
    noptr = sum(1 for r in rows if r["first"] != "no-client-info" and (not r["ptr"] or r["forged"]))
    forged = sum(1 for r in rows if r["forged"])
    add("- Received header format of the chosen hop: " + ", ".join("%s %d" % kv for kv in fmt.most_common()))
    add("- The host that recorded it (the recipient's MX): " + ", ".join("%s %d" % kv for kv in mx.most_common(6)) +
        (", others %d" % sum(v for k, v in mx.most_common()[6:]) if len(mx) > 6 else ""))
    add("- Clients without a PTR name in the header (sent as NAME=[UNAVAILABLE]): %d, of which %d had a name marked"
        " `(may be forged)` by sendmail (not forward-confirmed)." % (noptr, forged))
    add("- Messages carrying mailing-list headers (List-Id, List-Post, X-BeenThere, Mailing-List, X-Mailman-Version): spam %d of %d, ham %d of %d; the client"
        " of such a message is usually the list server." % (
            sum(r["via_list"] for r in rows if r["folder"] in SPAM), sum(1 for r in rows if r["folder"] in SPAM),
            sum(r["via_list"] for r in rows if r["folder"] not in SPAM), sum(1 for r in rows if r["folder"] not in SPAM)))
    spam_list = [r for r in rows if r["folder"] in SPAM and r["via_list"] and r["first"] != "no-client-info"]
    spam_direct = [r for r in rows if r["folder"] in SPAM and not r["via_list"] and r["first"] != "no-client-info"]
    add("- Spam stopped at the first attempt: sent directly %s (%d of %d), via a mailing list %s (%d of %d)." % (
        pct(sum(1 for r in spam_direct if r["first"] != "accepted"), len(spam_direct)),
        sum(1 for r in spam_direct if r["first"] != "accepted"), len(spam_direct),
        pct(sum(1 for r in spam_list if r["first"] != "accepted"), len(spam_list)),
        sum(1 for r in spam_list if r["first"] != "accepted"), len(spam_list)))
    add("- Envelope sender: " + ", ".join("%s %d" % kv for kv in collections.Counter(r["sender_src"] for r in rows).most_common()))
    add("")

    add("### Checks on the harness itself")
    add("")
    mismatch = [r for r in rows if r["first"] not in ("no-client-info", "error") and r["first_code"] and r["_reply1"]
                and r["_logged1"] and not r["_logged1"].startswith(str(r["first_code"]))]
    unlogged = [r for r in rows if r["first"] in ("accepted", "4xx", "5xx") and not r["_logged1"]]
    errors = collections.Counter((r["_error1"] or r["_error2"])[:100] for r in rows if r["_error1"] or r["_error2"])
    data_ref = collections.Counter("%s %s (%s)" % (r["first_data"], r["_data_reply1"][:70], r["folder"]) for r in rows
                                   if r["first_data"] not in ("", 250))
    data_ref2 = collections.Counter("%s %s" % (r["retry_data"], r["_data_reply2"][:70]) for r in rows
                                    if r["retry_data"] not in ("", 250))
    probs, queries = server_problems(work)
    add("- RCPT replies that differ from the transaction log's: %d; replayed sessions without a RCPT row: %d." % (len(mismatch), len(unlogged)))
    add("- Connection errors: %s." % (", ".join("%s ×%d" % kv for kv in errors.most_common(5)) or "none"))
    add("- Messages refused after DATA although RCPT accepted them (content limits, not the IP/SMTP checks): "
        "first attempt %s; retry %s." % (
            ", ".join("%s ×%d" % kv for kv in data_ref.most_common(5)) or "none",
            ", ".join("%s ×%d" % kv for kv in data_ref2.most_common(5)) or "none"))
    add("- Server log lines at warning level or above / with an exception: %s." % (
        ", ".join("`%s` ×%d" % kv for kv in probs.most_common(5)) or "none"))
    add("- DNS queries the server sent (its only DNS server is the harness's dnsmasq on 127.0.0.1, which has no"
        " upstream and answers NXDOMAIN): %s." % (", ".join("%s ×%d" % kv for kv in sorted(queries.items())) or "none"))
    add("")
    return "\n".join(L) + "\n"


def extract(args):
    msgs = load_corpus(os.path.abspath(args.corpus))
    for m in msgs:
        if args.file and not any(m["file"].startswith(f) for f in args.file):
            continue
        print("%s/%s\t%s\t%s\t%s\t%s\t%s\t%s" % (m["folder"], m["file"][:5], m.get("ip", "-"), m.get("name", "-"),
                                                 m.get("forged", ""), m.get("helo", "-"), m.get("by", "-"), m["sender"]))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "../.."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("run", "extract"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", default=os.path.join(repo, "../shared/corpus/spamassassin-public"))
        p.add_argument("--repo", default=repo)
    r = sub.choices["run"]
    r.add_argument("--workers", type=int, default=8, help="concurrent SMTP connections (8)")
    r.add_argument("--first-delay", type=int, default=86400,
                   help="greylisting delay in the first phase, s (long: nothing passes greylisting then)")
    r.add_argument("--limit", type=int, default=0, help="only the first N messages of each folder (smoke test)")
    r.add_argument("--keep", action="store_true", help="keep the temp work directory (logs, data)")
    sub.choices["extract"].add_argument("file", nargs="*")
    args = ap.parse_args()
    run(args) if args.cmd == "run" else extract(args)


if __name__ == "__main__":
    main()
