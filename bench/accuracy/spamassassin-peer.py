#!/usr/bin/env python3
"""SpamAssassin judged on the same folds as bench/accuracy: the peer row of docs/ACCURACY.md.

Reads the samples file of a bench/accuracy run (SAMPLES=FILE: kind, probability, score without Bayes,
fold, file, our whole-level verdict) and gives SpamAssassin (spamd + spamc from Debian, network tests
off, Bayes on and never auto-learning) the same chance the content level had:

- for each fold, a Bayes database learned with sa-learn from every other fold (spam, easy ham and hard
  ham) judges that fold's messages;
- for each fold, a second database learned from the other folds' spam and easy ham only judges all of
  hard_ham: wanted newsletters of a kind it never learned (the "never learned" row).

Both filters are counted at their own default threshold (5) and at the threshold that loses at most
0.1 % of ham. Usually run through bench/accuracy/spamassassin-peer.sh. Everything listens on 127.0.0.1.
"""
import argparse
import collections
import concurrent.futures
import os
import shutil
import socket
import subprocess
import sys
import time

HAM_KINDS = ("easy_ham", "hard_ham")
PEER_CF = """dns_available no
skip_rbl_checks 1
use_razor2 0
use_pyzor 0
use_bayes 1
bayes_auto_learn 0
bayes_auto_expire 0
bayes_path {path}/bayes
bayes_file_mode 0777
"""


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def read_samples(path):
    samples = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, _probability, _static, fold, name, verdict, score = line.rstrip("\n").split("\t")
            samples.append({"kind": kind, "fold": int(fold), "name": name, "ours": verdict == "1", "score": float(score)})
    return samples


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config_dir(work, name):
    """A copy of Debian's site configuration with the peer settings and its own Bayes path."""
    directory = os.path.join(work, name)
    os.makedirs(os.path.join(directory, "etc"), exist_ok=True)
    os.makedirs(os.path.join(directory, "db"), exist_ok=True)
    for entry in os.listdir("/etc/spamassassin"):
        if entry.endswith((".pre", ".cf")):
            shutil.copy(os.path.join("/etc/spamassassin", entry), os.path.join(directory, "etc"))
    with open(os.path.join(directory, "etc", "99_peer.cf"), "w", encoding="ascii") as f:
        f.write(PEER_CF.format(path=os.path.join(directory, "db")))
    return directory


def learn(directory, corpus, samples, spam):
    """sa-learn the messages (listed in a folder of links, as sa-learn reads a folder)."""
    folder = os.path.join(directory, "spam" if spam else "ham")
    os.makedirs(folder, exist_ok=True)
    for i, s in enumerate(samples):
        os.symlink(os.path.join(corpus, s["name"]), os.path.join(folder, f"{i:05d}"))
    subprocess.run(["sa-learn", f"--siteconfigpath={directory}/etc", "--no-sync", "--spam" if spam else "--ham", folder],
                   check=True, stdout=subprocess.DEVNULL, timeout=3600)


def train(work, corpus, name, spam, ham):
    directory = config_dir(work, name)
    started = time.time()
    learn(directory, corpus, spam, spam=True)
    learn(directory, corpus, ham, spam=False)
    subprocess.run(["sa-learn", f"--siteconfigpath={directory}/etc", "--sync"], check=True, stdout=subprocess.DEVNULL, timeout=600)
    subprocess.run(["chmod", "-R", "a+rwX", directory], check=True)
    log(f"{name}: learned {len(spam)} spam and {len(ham)} ham in {time.time() - started:.0f} s")
    return directory


class Spamd:
    """spamd on a free loopback port with one configuration (and so one Bayes database)."""

    def __init__(self, directory, children):
        self.port = free_port()
        self.pid_file = os.path.join(directory, "spamd.pid")
        home = os.path.join(directory, "home")
        os.makedirs(home, exist_ok=True)
        subprocess.run(["chown", "-R", "debian-spamd:", home], check=False)
        subprocess.run(["spamd", "-L", "-x", f"--siteconfigpath={directory}/etc", f"--listen=127.0.0.1:{self.port}",
                        f"--min-children={children}", f"--max-children={children}", f"--min-spare={children}",
                        "-u", "debian-spamd", "-H", home, "-r", self.pid_file, "-d", "-s", os.path.join(directory, "spamd.log")],
                       check=True, timeout=120)
        deadline = time.time() + 180
        while subprocess.run(["spamc", "-d", "127.0.0.1", "-p", str(self.port), "-K"], capture_output=True).returncode != 0:
            if time.time() > deadline:
                raise RuntimeError(f"spamd in {directory} did not answer within 180 s")
            time.sleep(0.5)

    def score(self, path):
        with open(path, "rb") as message:
            result = subprocess.run(["spamc", "-d", "127.0.0.1", "-p", str(self.port), "-c", "-x", "-t", "120"],
                                    stdin=message, capture_output=True, timeout=300)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"spamc failed on {path}: exit {result.returncode} {result.stderr!r}")
        return float(result.stdout.decode().split("/")[0])

    def stop(self):
        with open(self.pid_file, encoding="ascii") as f:
            pid = int(f.read().strip())
        os.kill(pid, 15)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def judge(directory, corpus, samples, children):
    spamd = Spamd(directory, children)
    started = time.time()
    try:
        with concurrent.futures.ThreadPoolExecutor(children) as pool:
            scores = list(pool.map(lambda s: spamd.score(os.path.join(corpus, s["name"])), samples))
    finally:
        spamd.stop()
    log(f"{os.path.basename(directory)}: judged {len(samples)} messages in {time.time() - started:.0f} s")
    return scores


def share(part, whole):
    return f"{100.0 * part / whole:.2f} % ({part}/{whole})" if whole else "–"


def threshold_for_ham(scores_by_kind, budget=0.001):
    """The lowest score threshold (from the scores seen) that loses at most the budget of ham."""
    ham = sorted((s for k in HAM_KINDS for s in scores_by_kind[k]), reverse=True)
    allowed = int(budget * len(ham))
    return ham[allowed] + 0.001 if allowed < len(ham) else min(ham)


def run_spamassassin(args, samples, folds):
    """Every (sample, score) of the cross-validated row and of the never-learned row."""
    cv_scores, strict_scores = [], []
    for fold in folds:
        others = [s for s in samples if s["fold"] != fold]
        spam = [s for s in others if s["kind"] == "spam"]
        full = train(args.work, args.corpus, f"fold{fold}", spam, [s for s in others if s["kind"] in HAM_KINDS])
        mine = [s for s in samples if s["fold"] == fold]
        cv_scores += zip(mine, judge(full, args.corpus, mine, args.children))
        strict = train(args.work, args.corpus, f"fold{fold}-no-hard-ham", spam, [s for s in others if s["kind"] == "easy_ham"])
        hard = [s for s in samples if s["kind"] == "hard_ham"]
        strict_scores += zip(hard, judge(strict, args.corpus, hard, args.children))
    if args.scores:
        with open(args.scores, "w", encoding="utf-8") as f:
            for row, pairs in (("cv", cv_scores), ("never-learned", strict_scores)):
                for s, score in pairs:
                    f.write(f"{row}\t{s['fold']}\t{s['name']}\t{s['kind']}\t{score}\n")
    return cv_scores, strict_scores


def read_scores(path, samples):
    """The scores a run wrote with --scores, for a report without running SpamAssassin again."""
    by_name = {s["name"]: s for s in samples}
    rows = {"cv": [], "never-learned": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row, _fold, name, _kind, score = line.rstrip("\n").split("\t")
            rows[row].append((by_name[name], float(score)))
    return rows["cv"], rows["never-learned"]


def table_rows(name, pairs, counts):
    """Markdown rows at the filter's default threshold (5) and at the threshold that loses at most 0.1 % of ham."""
    by_kind = collections.defaultdict(list)
    for s, score in pairs:
        by_kind[s["kind"]].append(score)
    ham_total = counts["easy_ham"] + counts["hard_ham"]
    at_budget = threshold_for_ham(by_kind)
    for label, threshold in (("5 (its default)", 5.0), (f"{at_budget:.1f} (≤ 0.1 % ham)", at_budget)):
        caught = collections.Counter(k for k, scores in by_kind.items() for score in scores if score >= threshold)
        yield (f"| {name} | {label} | {share(caught['spam'], counts['spam'])} | {share(caught['easy_ham'] + caught['hard_ham'], ham_total)} | "
               f"{share(caught['easy_ham'], counts['easy_ham'])} | {share(caught['hard_ham'], counts['hard_ham'])} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument("--scores", help="write every SpamAssassin score here (row, fold, file, kind, score)")
    parser.add_argument("--reuse-scores", help="report from the scores an earlier run wrote instead of running SpamAssassin")
    args = parser.parse_args()

    samples = read_samples(args.samples)
    folds = sorted({s["fold"] for s in samples})
    cv_scores, strict_scores = read_scores(args.reuse_scores, samples) if args.reuse_scores else run_spamassassin(args, samples, folds)
    counts = collections.Counter(s["kind"] for s in samples)

    print(f"{len(folds)} folds, {len(samples)} messages; each judged by a dictionary that learned the other folds.\n")
    print("| filter | threshold | spam caught | ham lost (all) | easy_ham lost | hard_ham lost |")
    print("|---|---|---|---|---|---|")
    for row in table_rows("Mizugiwa content level (no DNS)", [(s, s["score"]) for s in samples], counts):
        print(row)
    for row in table_rows(f"SpamAssassin {sa_version()} (no network tests, Bayes)", cv_scores, counts):
        print(row)
    lost = sum(1 for _, score in strict_scores if score >= 5.0)
    print(f"\nNever learned (dictionaries that learned no hard_ham, each judging all of it): SpamAssassin loses "
          f"{share(lost, len(strict_scores))} of hard_ham at 5; the content level's figure is in the bench/accuracy report of the same samples.")


def sa_version():
    out = subprocess.run(["spamassassin", "--version"], capture_output=True, text=True).stdout
    return out.split("version")[1].split()[0] if "version" in out else ""


if __name__ == "__main__":
    main()
