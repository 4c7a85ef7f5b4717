"""Score the paraphrase set split in two: a development part and a held-out part.

The held-out ids (15 %, drawn with a fixed seed before any lexicon work) are
never looked at while the lexicon is written: for them only the totals are
printed, never a failure. Their mapping rate beside the development part's says
whether the lexicon learned the language or the development sentences.

    python scripts/paraphrase_heldout.py            # both parts, totals only
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


def heldout_ids(entries) -> set:
    ids = sorted(e.id for e in entries)
    return set(random.Random(SEED).sample(ids, round(SHARE * len(ids))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("part", nargs="?", choices=("dev", "heldout", "both"), default="both")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the failures (development part only)")
    args = ap.parse_args(argv)
    entries = h.load()
    held = heldout_ids(entries)
    parts = {"dev": [e for e in entries if e.id not in held], "heldout": [e for e in entries if e.id in held]}
    for name in (("dev", "heldout") if args.part == "both" else (args.part,)):
        res = h.run(parts[name])
        text = h.summary(res, verbose=args.verbose and name == "dev")
        if name == "heldout":
            text = "\n".join(text.split("\n")[:5])  # the totals, never an indicator or a sentence
        print(f"==== {name} ({len(parts[name])} sentences)\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
