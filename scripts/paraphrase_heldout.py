"""Score the paraphrase set in parts: development, held-out, and fresh.

The held-out ids (15 % of the first set, p0001–p0599, drawn with a fixed seed
before any lexicon work) are never looked at while the lexicon is written: for
them only the totals are printed, never a failure. The later parts were
written later, each by a writer who had not read the lexicon: `fresh`
(p0600–p0799) for the indicators the first set held in fewer than five
phrasings, `fresh2` (p0800–p0949), `fresh3` (p0950–p1099) and `fresh4` (p1100–p1249, half of them sentences of
several figures with their context) and `fresh5` (p1250–p1399, as county, district, township and
department reports write, beside hotlines, halls and other units' figures) over every indicator, and
`fresh6` (p1400 on: tables 三 and 四 as the sections of real reports put them, and 2014). Each is scored blind the
same way until its failures are looked at. Their rates beside the development part's say whether the lexicon
learned the language or the development sentences.

    python scripts/paraphrase_heldout.py            # every part, totals only
    python scripts/paraphrase_heldout.py dev -v     # the development part with its failures
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.paraphrases import harness as h  # noqa: E402

SEED = 1414
SHARE = 0.15
FIRST_SET_LAST = "p0599"  # the held-out draw is over the first set only, so later entries leave it as it was
# later parts, each written blind by a writer who had not read the lexicon: (name, first id)
LATER_PARTS = (("fresh", "p0600"), ("fresh2", "p0800"), ("fresh3", "p0950"), ("fresh4", "p1100"), ("fresh5", "p1250"), ("fresh6", "p1400"))


def heldout_ids(entries) -> set:
    ids = sorted(e.id for e in entries if e.id <= FIRST_SET_LAST)
    return set(random.Random(SEED).sample(ids, round(SHARE * len(ids))))


def parts_of(entries) -> dict:
    held = heldout_ids(entries)
    first = [e for e in entries if e.id <= FIRST_SET_LAST]
    parts = {"dev": [e for e in first if e.id not in held], "heldout": [e for e in first if e.id in held]}
    bounds = [start for _, start in LATER_PARTS[1:]] + ["p~"]
    for (name, start), end in zip(LATER_PARTS, bounds):
        parts[name] = [e for e in entries if start <= e.id < end]
    return parts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("part", nargs="?", choices=("dev", "heldout", *(n for n, _ in LATER_PARTS), "all"), default="all")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the failures (development part only)")
    args = ap.parse_args(argv)
    parts = parts_of(h.load())
    for name in (tuple(parts) if args.part == "all" else (args.part,)):
        if not parts[name]:
            continue
        res = h.run(parts[name])
        text = h.summary(res, verbose=args.verbose and name == "dev")
        if name != "dev":
            text = "\n".join(text.split("\n")[:5])  # the totals, never an indicator or a sentence
        print(f"==== {name} ({len(parts[name])} sentences)\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
