#!/usr/bin/env python3
"""Summarize the VSTest results (.trx files) under a directory.

Usage: summarize-trx.py [RESULTS_DIR]        (default: artifacts/test-results)

Counts UnitTestResult outcomes in every .trx (recursively), lists failed tests
with the first lines of their error message, and reports aborted runs (test
host crash, or a test killed by --blame-hang-timeout; the blame collector's
Sequence_*.xml files name the test that never completed, which is counted as
failed). The LAST line printed is exactly:

    N passed, N failed[, N skipped]

Exit code: 0 if at least one test ran and none failed, else 1 (2 if a .trx
could not be parsed).
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

MAX_MESSAGE_LINES = 6
SKIPPED = {"NotExecuted", "Inconclusive", "Pending", "Disconnected", "Warning", "NotRunnable"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(elem, name):
    if elem is None:
        return None
    for c in elem:
        if local(c.tag) == name:
            return c
    return None


def summarize(path):
    root = ET.parse(path).getroot()
    passed = failed = skipped = 0
    failures = []
    assembly = None
    for elem in root.iter():
        tag = local(elem.tag)
        if tag == "TestMethod" and assembly is None and elem.get("codeBase"):
            assembly = os.path.basename(elem.get("codeBase"))
        if tag != "UnitTestResult":
            continue
        outcome = elem.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in SKIPPED:
            skipped += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            failed += 1
            msg = child(child(child(elem, "Output"), "ErrorInfo"), "Message")
            message = msg.text.strip() if msg is not None and msg.text else ""
            failures.append((elem.get("testName", "?"), outcome, message))

    # Run-level abort: test host crashed or was killed by the hang guard.
    aborts = []
    for elem in root.iter():
        if local(elem.tag) == "ResultSummary" and elem.get("outcome") in ("Aborted", "Error", "Timeout"):
            aborts.append(f"run outcome {elem.get('outcome')}")
        if local(elem.tag) == "RunInfo" and elem.get("outcome") == "Error":
            text = child(elem, "Text")
            first = text.text.strip().splitlines()[0] if text is not None and text.text else ""
            if "abort" in first.lower() or "crash" in first.lower():
                aborts.append(first)
    return assembly, passed, failed, skipped, failures, aborts


def incomplete_tests(results_dir):
    """Tests the blame collector saw start but never finish (hung or crashed)."""
    names = {}
    for path in glob.glob(os.path.join(results_dir, "**", "Sequence_*.xml"), recursive=True):
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError):
            continue
        for t in root.iter():
            if local(t.tag) == "Test" and t.get("Completed") == "False":
                name = t.get("DisplayName") or t.get("Name") or "?"
                names[name] = os.path.basename(t.get("Source", ""))
    return names


def main():
    results_dir = sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results"
    files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
    total_p = total_f = total_s = 0
    bad_files = 0
    aborted_runs = 0
    empty_files = 0
    all_failures = []
    for path in files:
        try:
            assembly, p, f, s, failures, aborts = summarize(path)
        except (ET.ParseError, OSError) as e:
            print(f"could not read {path}: {e}")
            bad_files += 1
            continue
        if p + f + s == 0 and not aborts:
            empty_files += 1
            continue
        label = assembly or os.path.relpath(path, results_dir)
        print(f"  {label}: {p} passed, {f} failed, {s} skipped")
        for a in dict.fromkeys(aborts):
            print(f"    RUN ABORTED: {a}")
        if aborts:
            aborted_runs += 1
        total_p += p
        total_f += f
        total_s += s
        all_failures.extend(failures)

    if empty_files:
        print(f"  ({empty_files} test project(s) ran no tests)")
    if not files:
        print(f"no .trx files found under {results_dir}")

    if aborted_runs:
        hung = incomplete_tests(results_dir)
        for name, source in hung.items():
            all_failures.append((name, "Hung or crashed the test host",
                                 f"started but never completed ({source}); see Sequence_*.xml under {results_dir}"))
        for _ in range(aborted_runs - len(hung)):
            all_failures.append(("(unknown test)", "Test run aborted",
                                 "the test host crashed or hung; see the dotnet test output above"))
        total_f += max(aborted_runs, len(hung))

    if all_failures:
        print()
        print(f"FAILED TESTS ({len(all_failures)}):")
        for name, outcome, message in all_failures:
            print(f"  {name} [{outcome}]")
            lines = [line for line in message.splitlines() if line.strip()]
            for line in lines[:MAX_MESSAGE_LINES]:
                print(f"      {line.rstrip()}")
            if len(lines) > MAX_MESSAGE_LINES:
                print("      ...")
        print()

    if total_p + total_f == 0:
        print("ERROR: no tests were run (no test methods yet, or a --filter that matched nothing)")

    last = f"{total_p} passed, {total_f} failed"
    if total_s > 0:
        last += f", {total_s} skipped"
    print(last)
    if bad_files:
        return 2
    if total_f > 0 or total_p + total_f == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
