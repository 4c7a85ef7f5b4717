"""Rule selection, as ruff does it: --select / --extend-select / --ignore.

A selector is a rule id (`T3-BALANCE`), an id prefix (`T3` picks every rule
whose id starts with it), a kind (`prose_vs_table`, `numbering`) or `ALL`.
The rules run are: those --select picks (every enabled rule when it is not
given), plus those --extend-select picks, minus those --ignore picks.

A selector that matches no rule id, no id prefix and no kind is almost
always a typo, so it is an error (exit 2), not a silent no-op. A kind with
no rule yet (`numbering` before its pack exists) is valid: packs come and go.
"""
from __future__ import annotations

from typing import Iterable, Optional

from .packs import KINDS
from .rule import Rule, RuleSet

ALL = "ALL"


class SelectionError(Exception):
    """An unknown selector; the message names the option and suggests a near id."""

    def __init__(self, option: str, selector: str, hint: str):
        self.option, self.selector, self.hint = option, selector, hint
        super().__init__(self.explained())

    def explained(self, source: Optional[str] = None) -> str:
        """The message; `source`: the configuration file the selector came from, not the command line."""
        where = self.option if source is None else f"`{self.option.lstrip('-')}` of {source}"
        return (f"unknown rule selector '{self.selector}' in {where}: no rule id, id prefix or kind matches it"
                f"{self.hint} (`govaudit rules` lists them)")


def matches(selector: str, rule: Rule) -> bool:
    if selector.upper() == ALL:
        return True
    if selector == rule.kind:
        return True
    return rule.id.upper().startswith(selector.upper())


def check_selectors(option: str, selectors: Iterable[str], rules: list) -> None:
    for selector in selectors:
        if selector.upper() == ALL or selector in KINDS:
            continue
        if any(matches(selector, rule) for rule in rules):
            continue
        names = [r.id for r in rules] + sorted(KINDS)
        import difflib
        close = difflib.get_close_matches(selector, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise SelectionError(option, selector, hint)


def select_rules(ruleset: RuleSet, select: Optional[list] = None, extend_select: Iterable[str] = (),
                 ignore: Iterable[str] = ()) -> RuleSet:
    """The rules to run; raises SelectionError for an unknown selector."""
    rules = ruleset.rules
    extend_select, ignore = list(extend_select), list(ignore)
    check_selectors("--select", select or (), rules)
    check_selectors("--extend-select", extend_select, rules)
    check_selectors("--ignore", ignore, rules)
    picked = [r for r in rules if select is None or any(matches(s, r) for s in select)
              or any(matches(s, r) for s in extend_select)]
    return RuleSet([r for r in picked if not any(matches(s, r) for s in ignore)], ruleset.lexicon_entries)
