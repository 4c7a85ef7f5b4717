"""The long fuzz run (issue 8, item 4; issue 16): the properties of tests/test_properties.py
with many more examples, longer runs of `|`, and a million `|`, and the hostile
shapes of tests/fuzz/hostile.py (long sentences, span bombs, PDF streams, hostile
rule packs, odd file names). Not part of CI (pytest collects only test_*.py).

    nice -n 19 .venv/bin/python tests/fuzz/run_fuzz.py --minutes 30 > /tmp/govaudit-fuzz.log 2>&1 &

It runs rounds until the time is up; each round draws fresh examples for each
property (hypothesis, no example database), and every tenth round also checks
the giant inputs. An input that takes longer than GOVAUDIT_INPUT_SECONDS
(60 s) is a hang and counts as a failure, where it was stuck. It prints a progress line per round and, at the end, how
many inputs it tried and every failure found (with hypothesis's shrunk
example). Exit code: 0 no failure, 1 failures.
"""
from __future__ import annotations

import argparse
import collections
import os
import signal
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

import hostile  # noqa: E402
import test_properties as props  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Shrinking a failing 20 KB report can take many minutes: off; the failing
# example is printed as found, with a blob to replay it (@reproduce_failure).
FUZZ = dict(deadline=None, database=None, derandomize=False, print_blob=True,
            phases=[Phase.generate], suppress_health_check=list(HealthCheck))
LONGEST_PIPES = 200_000  # a run of up to this many `|` (…, "| ", "|\n") inside a report

tried: collections.Counter = collections.Counter()
failing: collections.Counter = collections.Counter()  # bug signature → failing inputs
failures: list = []  # (name, details) of the first input of each signature


def counted(name, check):
    """The property, counting its inputs; a failure is recorded and the run goes
    on (hypothesis never sees it), so that one known bug does not stop the
    search for others: each distinct bug (exception type and the line that
    raised it) is reported once, with its first input and how many inputs hit it."""
    def run(*args):
        tried[name] += 1
        try:
            check(*args)
        except Exception as exc:  # noqa: BLE001 - a fuzz run reports every failure
            record(name, exc, args)
    return run


def properties(examples: int):
    """(name, hypothesis test) for each property, with `examples` examples a round."""
    text = counted("text", props.check_text)
    file = counted("file", props.check_file)
    cli = counted("cli", props.check_cli)
    t2s = counted("t2s", props.check_t2s)

    @settings(max_examples=examples, **FUZZ)
    @given(props.report_texts(LONGEST_PIPES))
    def fuzz_text(value):
        text(value)

    @settings(max_examples=examples, **FUZZ)
    @given(props.report_files_bytes(LONGEST_PIPES))
    def fuzz_file(value):
        file(*value)

    @settings(max_examples=max(1, examples // 10), **FUZZ)
    @given(st.lists(props.report_files_bytes(), min_size=1, max_size=4),
           st.sampled_from(("json", "text", "rich", "sarif", "github", "html")))
    def fuzz_cli(files, fmt):
        cli(files, fmt)

    @settings(max_examples=examples, **FUZZ)
    @given(st.lists(st.sampled_from(props._t2s_alphabet()), max_size=80).map("".join))
    def fuzz_t2s(value):
        t2s(value)

    return [("text", fuzz_text), ("file", fuzz_file), ("cli", fuzz_cli), ("t2s", fuzz_t2s),
            *hostile_properties(examples)]


def hostile_properties(examples: int):
    """The shapes of issue 16: long sentences, span bombs, PDF streams, hostile packs, odd names."""
    few = max(1, examples // 30)  # each of these runs a large input or a process
    bounded = {name: counted(name, lambda data, suffix, shape=name: hostile.check_bounded(shape, data, suffix))
               for name in ("long sentence", "html spans", "docx spans", "pdf streams")}
    pack = counted("hostile pack", hostile.check_pack)
    names = counted("odd names", hostile.check_names)

    @settings(max_examples=few, **FUZZ)
    @given(hostile.long_sentences())
    def fuzz_long_sentences(text):
        bounded["long sentence"](text.encode("utf-8"), ".txt")

    @settings(max_examples=few, **FUZZ)
    @given(hostile.html_span_bombs())
    def fuzz_html_spans(data):
        bounded["html spans"](data, ".html")

    @settings(max_examples=few, **FUZZ)
    @given(hostile.docx_span_bombs())
    def fuzz_docx_spans(data):
        bounded["docx spans"](data, ".docx")

    @settings(max_examples=few, **FUZZ)
    @given(hostile.pdf_streams())
    def fuzz_pdf_streams(data):
        bounded["pdf streams"](data, ".pdf")

    @settings(max_examples=max(1, examples // 3), **FUZZ)
    @given(hostile.hostile_packs())
    def fuzz_packs(value):
        pack(value)

    @settings(max_examples=few, **FUZZ)
    @given(hostile.odd_names(), st.sampled_from(("json", "text", "rich", "sarif", "github", "html")))
    def fuzz_names(value, fmt):
        names(value, fmt)

    return [("long sentences", fuzz_long_sentences), ("html spans", fuzz_html_spans),
            ("docx spans", fuzz_docx_spans), ("pdf streams", fuzz_pdf_streams), ("hostile packs", fuzz_packs),
            ("odd names", fuzz_names)]


def giants():
    """A million `|` in several shapes, as text, as a file, and inside a real report."""
    million = 1_000_000
    report = props.REPORTS[0] if props.REPORTS else ""
    texts = {
        "1M |": "|" * million,
        "1M | lines": "|\n" * (million // 2),
        "1M cells": "| 1 " * (million // 4),
        "report + 1M |": report[: len(report) // 2] + "|" * million + report[len(report) // 2:],
        "report x20, digits 400 long": props.huge_numbers(__import__("random").Random(1), report * 20),
    }
    for name, text in texts.items():
        yield f"giant text: {name}", counted("giant", props.check_text), (text,)
    yield "giant file: 1M |", counted("giant", props.check_file), (("|" * million).encode(), ".txt")
    yield "giant file: 1M | (gb18030 report)", counted("giant", props.check_file), (
        (report + "|" * million).encode("gb18030"), ".txt")


def record(name: str, exc: BaseException, args=()) -> None:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    signature = f"{name}: {type(exc).__name__} at {where}"
    failing[signature] += 1
    if failing[signature] > 1:
        return
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    example = repr(args)[:2000]
    failures.append((signature, f"{text}\ninput: {example}"))
    print(f"FAILURE {signature}: {str(exc)[:300]}\n{text[-3000:]}\ninput: {example}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run (default 30)")
    parser.add_argument("--examples", type=int, default=300, help="examples per property per round")
    parser.add_argument("--giants-every", type=int, default=10, help="check the giant inputs every N rounds")
    args = parser.parse_args(argv)
    print(f"govaudit fuzz: {args.minutes:g} min, {args.examples} examples a property a round, "
          f"pid {os.getpid()}, reports {len(props.REPORTS)}", flush=True)
    began = time.monotonic()
    deadline = began + args.minutes * 60
    rounds = 0
    tests = properties(args.examples)
    signal.signal(signal.SIGTERM, _stop)
    try:
        rounds = _rounds(args, tests, began, deadline)
    except KeyboardInterrupt:
        print("interrupted: the summary covers the rounds so far", flush=True)
        rounds = -1
    print("\n==== govaudit fuzz summary ====")
    print(f"ran {(time.monotonic() - began) / 60:.1f} min, {rounds if rounds >= 0 else 'some'} rounds")
    print(f"inputs tried: {sum(tried.values())} ({', '.join(f'{k} {v}' for k, v in sorted(tried.items()))})")
    print(f"failing inputs: {sum(failing.values())}; distinct failures: {len(failures)}")
    print(f"stopped by a bound (time or memory of one file; not failures): {len(hostile.stopped)}")
    for shape, error in collections.Counter(hostile.stopped).most_common(10):
        print(f"   {shape}: {error}")
    for signature, count in failing.most_common():
        print(f"   {count:6d}  {signature}")
    for name, text in failures:
        print(f"\n---- {name} ----\n{text}")
    return 1 if failures else 0


def _stop(signum, frame):
    raise KeyboardInterrupt


def _rounds(args, tests, began: float, deadline: float) -> int:
    rounds = 0
    while time.monotonic() < deadline:
        if rounds % args.giants_every == 0:
            for name, check, call in giants():
                started = time.monotonic()
                check(*call)
                print(f"  {name}: {time.monotonic() - started:.1f}s", flush=True)
        for name, test in tests:
            if time.monotonic() >= deadline:
                break
            try:
                test()
            except Exception as exc:  # noqa: BLE001 - hypothesis itself failing
                record(name, exc)
        rounds += 1
        elapsed = time.monotonic() - began
        print(f"round {rounds}: {sum(tried.values())} inputs in {elapsed / 60:.1f} min "
              f"({', '.join(f'{k} {v}' for k, v in sorted(tried.items()))}), "
              f"failing inputs {sum(failing.values())}, distinct failures {len(failures)}", flush=True)
    return rounds


if __name__ == "__main__":
    sys.exit(main())
