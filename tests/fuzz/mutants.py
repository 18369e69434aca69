"""Mutated configuration files, the mistakes a person or a broken copy makes.

One ``random.Random`` drives every choice, so a mutant is reproduced from its seed (the
campaign) or shrunk by hypothesis (``st.randoms()`` in the suite). The classes follow issue
12: YAML tags and directives, infinities and NaN, booleans and huge numbers where a number
goes, bad time zones, truncation at any byte, whole safety blocks removed, and the plain
typing slips (deleted, duplicated, renamed or re-indented lines, junk characters).
"""

from __future__ import annotations

import random
import re

VALUES = ["[1, 2]", "{a: 1}", "-5", "0", "true", "null", "''", "3.5", "09:30", "x y", "*nope"]
JUNK = ["[", "{", "]", "}", ":", "- ", "'", '"', "&a ", "*a", "!tag ", "%", "@", "`", "? ", "|"]
UNSAFE_TAGS = [
    "!!python/name:os.system",
    "!!python/object/apply:os.system",
    "!!python/none",
    "!!js/function",
    "!!js/regexp",
    "!!binary",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!timestamp",
    "!!merge",
    "!env",
    "!include",
    "!<tag:example.com,2000:x>",
    "!<tag:yaml.org,2002:python/str>",
]
CORE_TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!"]
DIRECTIVES = ["%YAML 1.3", "%YAML 2.0", "%YAML 1.0", "%TAG !e! tag:example.com,2000:", "%FOO bar"]
NOT_FINITE = [".inf", "-.inf", "+.inf", ".nan", ".NaN", ".INF", "inf", "-inf", "nan", "NaN"]
BOOLEANS = ["true", "false", "True", "FALSE"]
HUGE = ["1e40", "1e13", "99999999999999999999999", "1e400", "0x7fffffffffffffffff", "1_000e12"]
BAD_ZONES = [
    "America",
    "Europe",
    "Etc",
    "A" * 300,
    "America/" + "x" * 260,
    "../../../etc/passwd",
    "/etc/localtime",
    "America/New_York/",
    "''",
    '" "',
    "America/New York",
    "tzdata",
    "__init__.py",
]
SAFETY_BLOCKS = ("risk", "exits", "schedule", "max_daily_loss", "mode")
VALUE_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]\w*:)( .*)?\n?$")
NUMBER = re.compile(r"(?<![\w.])-?\d+(\.\d+)?(?![\w:])")
KINDS = (
    "delete",
    "duplicate",
    "retype",
    "rename",
    "junk",
    "indent",
    "tab",
    "tag",
    "number",
    "zone",
    "drop_block",
    "live",
)
FILE_KINDS = ("lines",) * 10 + ("truncate", "truncate", "directive", "empty", "binary")


def _drop_block(lines: list[str], key: str) -> list[str]:
    """``lines`` without the line holding ``key:`` and the lines indented under it."""
    for i, line in enumerate(lines):
        m = re.match(rf"^(\s*){key}:", line)
        if m:
            depth = len(m.group(1))
            j = i + 1
            while j < len(lines) and (
                not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" ")) > depth
            ):
                j += 1
            return lines[:i] + lines[j:]
    return lines


def mutate_line(lines: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """One mistake in ``lines``; returns its class and the new lines."""
    lines = list(lines)
    if not lines:
        return "none", lines
    kind = rng.choice(KINDS)
    i = rng.randrange(len(lines))
    line = lines[i]
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, line)
    elif kind == "retype" and ":" in line:
        lines[i] = f"{line.split(':', 1)[0]}: {rng.choice(VALUES)}\n"
    elif kind == "rename" and (m := re.match(r"^(\s*-?\s*)(\w+)(:.*)$", line, re.S)):
        key = m.group(2)
        j = rng.randrange(len(key))
        lines[i] = m.group(1) + key[:j] + rng.choice("abcxyz_") + key[j + 1 :] + m.group(3)
    elif kind == "junk":
        j = rng.randint(0, len(line))
        lines[i] = line[:j] + rng.choice(JUNK) + line[j:]
    elif kind == "indent":
        delta = rng.choice([-2, -1, 1, 2, 3])
        lead = len(line) - len(line.lstrip(" "))
        lines[i] = " " * delta + line if delta > 0 else line[min(-delta, lead) :]
    elif kind == "tab":
        lines[i] = "\t" + line.lstrip(" ")
    elif kind == "tag" and (m := VALUE_LINE.match(line)):
        lines[i] = f"{m.group(1)} {rng.choice(UNSAFE_TAGS + CORE_TAGS)}{m.group(2) or ''}\n"
    elif kind == "number":
        spots = [(n, m) for n, ln in enumerate(lines) for m in NUMBER.finditer(ln.split("#", 1)[0])]
        if spots:
            n, m = rng.choice(spots)
            value = rng.choice(NOT_FINITE + BOOLEANS + HUGE)
            lines[n] = lines[n][: m.start()] + value + lines[n][m.end() :]
    elif kind == "zone":
        zone = rng.choice(BAD_ZONES)
        hits = [n for n, ln in enumerate(lines) if re.match(r"^\s*timezone:", ln)]
        if hits:
            n = rng.choice(hits)
            lines[n] = re.sub(r"timezone:.*", f"timezone: {zone}", lines[n].rstrip("\n")) + "\n"
        else:
            lines.insert(i, f"timezone: {zone}\n")
    elif kind == "drop_block":
        lines = _drop_block(lines, rng.choice(SAFETY_BLOCKS))
    elif kind == "live":
        lines = [re.sub(r"^mode: paper\b", "mode: live", ln) for ln in lines]
    return kind, lines


def mutant(text: str, rng: random.Random) -> tuple[str, bytes]:
    """A mutated copy of ``text`` and the classes of its mistakes, joined by ``+``."""
    kind = rng.choice(FILE_KINDS)
    if kind == "directive":
        return kind, f"{rng.choice(DIRECTIVES)}\n---\n{text}".encode()
    if kind == "empty":
        return kind, rng.choice([b"", b"\n", b"# nothing\n", b"---\n"])
    if kind == "binary":
        return kind, bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    if kind == "truncate":
        raw = text.encode()
        return kind, raw[: rng.randint(0, len(raw))]
    lines = text.splitlines(keepends=True)
    kinds = []
    for _ in range(rng.randint(1, 3)):
        k, lines = mutate_line(lines, rng)
        kinds.append(k)
    return "+".join(kinds), "".join(lines).encode()
