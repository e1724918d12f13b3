#!/usr/bin/env python3
"""Postfix policy-delegation load client for bench/policy-throughput.sh (loopback only).

Sends N smtpd_access_policy requests at RCPT, each with a distinct (client, sender, recipient)
triplet, over C persistent connections spread across P worker processes (asyncio in each, so the
client is not the bottleneck on a small machine). Each connection works in lock-step like one
Postfix smtpd: send a request, read the whole answer, send the next.

The clients are a mix, as an MX sees them: every 4th has no name (client_name=unknown, S25R rule 0),
every 4th a dynamic-looking name (adsl-a-b-c-d.dyn.example.net), the other half proper mail-server
names (mailN.orgM.example). Addresses come from 198.18.0.0/15 (benchmark range), 512 distinct /24s.
Same --tag again => the same triplets (the "seen" phase after the greylisting delay).

Prints one JSON line: requests, wall seconds, decisions/s, latency p50/p90/p99/max (ms), and a
histogram of the first word of each action. Bounded by count and by --max-seconds.

  policy_load.py --port 10040 -n 20000 -c 16 -P 2 --tag run1
"""
import argparse
import asyncio
import ipaddress
import json
import multiprocessing as mp
import socket
import sys
import time


def client(i):
    ip = ipaddress.IPv4Address(int(ipaddress.IPv4Address("198.18.0.0")) + ((i % 512) << 8) + 1 + (i // 512) % 250)
    kind = i % 4
    if kind == 0:
        name = "unknown"
    elif kind == 1:
        a, b, c, d = str(ip).split(".")
        name = f"adsl-{a}-{b}-{c}-{d}.dyn.example.net"
    else:
        name = f"mail{i % 1000}.org{i % 337}.example"
    return str(ip), name


def build(tag, i):
    ip, name = client(i)
    helo = name if name != "unknown" else f"pc{i}.example.org"
    return (
        "request=smtpd_access_policy\n"
        "protocol_state=RCPT\n"
        "protocol_name=ESMTP\n"
        f"client_address={ip}\n"
        f"client_name={name}\n"
        f"reverse_client_name={name}\n"
        f"helo_name={helo}\n"
        f"sender=s{i}.{tag}@sender{i % 97}.example\n"
        f"recipient=r{i}.{tag}@bench.test\n"
        "recipient_count=0\n"
        "queue_id=\n"
        f"instance={tag}.{i}\n"
        "size=0\n"
        "\n"
    ).encode()


async def connection(host, port, requests, deadline, lat, actions):
    reader, writer = await asyncio.open_connection(host, port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for req in requests:
            if time.monotonic() > deadline:
                break
            t0 = time.perf_counter()
            writer.write(req)
            answer = await asyncio.wait_for(reader.readuntil(b"\n\n"), timeout=30)
            lat.append(time.perf_counter() - t0)
            first = answer.split(b"\n", 1)[0]
            key = first[7:].split(b" ", 1)[0].decode(errors="replace") if first.startswith(b"action=") else "NONE"
            actions[key] = actions.get(key, 0) + 1
    finally:
        writer.close()


def worker(args):
    host, port, conn_idxs, tag, deadline_in = args
    prepared = [[build(tag, i) for i in idxs] for idxs in conn_idxs]   # built before the clock starts
    deadline = time.monotonic() + deadline_in
    lat, actions, errors = [], {}, []
    span = []

    async def main():
        span.append(time.perf_counter())
        results = await asyncio.gather(*(connection(host, port, reqs, deadline, lat, actions) for reqs in prepared),
                                       return_exceptions=True)
        span.append(time.perf_counter())
        errors.extend(repr(r) for r in results if isinstance(r, BaseException))

    asyncio.run(main())
    return lat, actions, errors, span


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    k = min(len(sorted_vals) - 1, max(0, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", "--requests", type=int, default=20000)
    ap.add_argument("-c", "--connections", type=int, default=16)
    ap.add_argument("-P", "--processes", type=int, default=2)
    ap.add_argument("--tag", default="t")
    ap.add_argument("--max-seconds", type=float, default=120.0)
    a = ap.parse_args()
    if not ipaddress.ip_address(socket.gethostbyname(a.host)).is_loopback:
        sys.exit("refusing non-loopback target")
    n = max(1, min(a.requests, 10_000_000))
    c = max(1, min(a.connections, 1000))
    p = max(1, min(a.processes, c))
    conns = [range(k, n, c) for k in range(c)]
    per_proc = [conns[k::p] for k in range(p)]
    with mp.Pool(p) as pool:
        parts = pool.map(worker, [(a.host, a.port, pc, a.tag, a.max_seconds) for pc in per_proc])
    # CLOCK_MONOTONIC is system-wide on Linux: from the first worker's start to the last one's end
    wall = max(part[3][1] for part in parts) - min(part[3][0] for part in parts)
    lat, actions, errors = [], {}, []
    for l, acts, errs, _ in parts:
        lat.extend(l)
        errors.extend(errs)
        for k, v in acts.items():
            actions[k] = actions.get(k, 0) + v
    lat.sort()
    print(json.dumps({
        "requests": len(lat), "asked": n, "connections": c, "processes": p, "wall_s": round(wall, 4),
        "rate": round(len(lat) / wall, 2) if wall > 0 else 0,
        "p50_ms": round(pct(lat, 50) * 1000, 3), "p90_ms": round(pct(lat, 90) * 1000, 3),
        "p99_ms": round(pct(lat, 99) * 1000, 3), "max_ms": round((lat[-1] if lat else float("nan")) * 1000, 3),
        "actions": actions, "errors": errors[:5], "timed_out": len(lat) < n,
    }))


if __name__ == "__main__":
    main()
