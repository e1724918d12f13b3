#!/usr/bin/env python3
"""Spam that passes both levels: the content level's cross-validated verdicts joined with the
IP/SMTP-level replay of the same corpus (docs/REPLAY.md).

    bench/accuracy/with-replay.py SAMPLES.tsv bench/results/replay-2026-12-04.csv

SAMPLES.tsv is what `SAMPLES=FILE bench/accuracy/run.sh` writes: per cross-validated message, among
others its group/file and the whole content level's verdict with the default scores.
Prints a markdown table: per kind, what the IP/SMTP level stopped at the first attempt and if the sender
retries, what the content level caught, and what neither stopped.
"""
import csv
import sys


def read_samples(path):
    verdicts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, _probability, _static, _fold, name, spam = line.rstrip("\n").split("\t")[:6]
            folder, file = name.split("/", 1)
            verdicts[(folder, file.split(".", 1)[0])] = (kind, spam == "1")
    return verdicts


def read_replay(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["folder"], r["file"]): r for r in csv.DictReader(f)}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    verdicts, replay = read_samples(sys.argv[1]), read_replay(sys.argv[2])
    counts = {}
    for key, (_kind, content_spam) in verdicts.items():
        r = replay.get(key)
        if r is None:
            sys.exit(f"{key[0]}/{key[1]} is not in the replay file")
        # Messages without client info were not replayed: counted as let through by the IP/SMTP level.
        no_client = r["first"] == "no-client-info"
        first = "accepted" if no_client else r["first"]
        # Refused for good: a 5xx at RCPT or after DATA (the server's line-length limit, a blocked attachment), on the
        # first attempt or on the retry of a deferred one.
        refused = any(r[column].startswith("5") for column in ("first_code", "first_data", "retry_code", "retry_data")) \
            or (first == "4xx" and r["retry"] != "accepted")
        c = counts.setdefault("spam" if key[0].startswith("spam") else "ham", dict(
            messages=0, no_client=0, deferred=0, refused=0, content=0, either_first=0, either_retry=0))
        c["messages"] += 1
        c["no_client"] += no_client
        c["deferred"] += first == "4xx"
        c["refused"] += refused
        c["content"] += content_spam
        c["either_first"] += first != "accepted" or r["first_data"].startswith("5") or content_spam
        c["either_retry"] += refused or content_spam

    def share(n, d):
        return f"{n} ({100.0 * n / d:.2f} %)"

    print("| | messages | no client info (not replayed) | deferred at the 1st attempt (Rgrey) | refused by the server, also on a retry | content level: spam | stopped by either, sender never retries | stopped by either, sender retries |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in ("spam", "ham"):
        c = counts[kind]
        n = c["messages"]
        print(f"| {kind} | {n} | {c['no_client']} | {share(c['deferred'], n)} | {share(c['refused'], n)} | {share(c['content'], n)} | "
              f"{share(c['either_first'], n)} | {share(c['either_retry'], n)} |")


if __name__ == "__main__":
    main()
