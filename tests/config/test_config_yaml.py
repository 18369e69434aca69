"""The YAML reader: values, positions, and a clear error for every kind of broken file."""

from __future__ import annotations

import pytest

from runner.config.yamlload import format_path, load_bytes, load_text


def one(text: str):
    docs, errors = load_text(text, "f.yaml")
    assert not errors, [str(e) for e in errors]
    assert len(docs) == 1
    return docs[0]


def error(data: str | bytes) -> str:
    docs, errors = (
        load_bytes(data, "f.yaml") if isinstance(data, bytes) else load_text(data, "f.yaml")
    )
    assert not docs and len(errors) == 1
    return str(errors[0])


def test_clock_times_stay_strings_under_yaml_1_2_and_1_1() -> None:
    assert one("a: 09:30\nb: 16:00:00\nc: 1:30\n").data == {
        "a": "09:30",
        "b": "16:00:00",
        "c": "1:30",
    }
    assert one("%YAML 1.1\n---\na: 09:30\n").data == {"a": "09:30"}


def test_yaml_1_2_scalars() -> None:
    doc = one("a: 017\nb: 0o17\nc: 0x1F\nd: yes\ne: true\nf: ~\ng: 1e3\nh: 2024-01-02\ni: -.inf\n")
    assert doc.data == {
        "a": 17,
        "b": 15,
        "c": 31,
        "d": "yes",
        "e": True,
        "f": None,
        "g": 1000.0,
        "h": "2024-01-02",
        "i": float("-inf"),
    }


def test_positions_of_keys_and_values_are_one_based() -> None:
    doc = one("top:\n  inner: 5\nlist:\n  - x\n  - {k: v}\n")
    assert doc.keys[("top", "inner")] == (2, 3)
    assert doc.values[("top", "inner")] == (2, 10)
    assert doc.values[("list", 1, "k")] == (5, 9)
    assert doc.value_pos(("list", 1, "missing")) == (5, 5)


def test_anchors_and_merge_keys() -> None:
    doc = one("base: &b {period: 14, source: close}\nrsi:\n  <<: *b\n  period: 7\n")
    assert doc.data["rsi"] == {"period": 7, "source": "close"}


def test_format_path() -> None:
    assert format_path(("exits", 1, "stop", "atr")) == "exits[1].stop.atr"
    assert format_path(()) == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: a: duplicate key 'a' (first defined at line 1)"),
        (
            "x:\n  p: 1\n  q: 2\n  p: 3\n",
            "f.yaml:4:3: x.p: duplicate key 'p' (first defined at line 2)",
        ),
        ("a: 1\n\tb: 2\n", "f.yaml:2:1: tab character; YAML indentation must use spaces"),
        (
            "a:\n  b: 1\n c: 2\n",
            "f.yaml:3:2: indentation does not line up with the lines above (started at line 1)",
        ),
        (
            "a: b: c\n",
            "f.yaml:1:5: unexpected ':' here (wrong indentation, or a value containing ': ' "
            "needs quotes)",
        ),
        ("a: {b: 1}}\n", "f.yaml:1:10: unexpected '}'"),
        (
            'a: "x" y\n',
            "f.yaml:1:8: unexpected text 'y' (quote a value that holds quotes as a whole, "
            "or fix this line's indentation)",
        ),
        (
            "- a\nb: 1\n",
            "f.yaml:2:1: a 'key: value' line ('b: 1') cannot continue the '- ' list above; "
            "check this line's indentation (started at line 1)",
        ),
        (
            "key: value\n- item\n",
            "f.yaml:2:1: a '- ' list item cannot follow 'key: value' lines at this "
            "indentation; check this line's indentation (started at line 1)",
        ),
        ("a: `x`\n", "f.yaml:1:4: '`' cannot start a value; put the value in quotes"),
        (
            "a:\n  b: 'x\n  c: 1\n",
            "f.yaml:4:1: unexpected end of file; is a bracket or a quote left open? "
            "(started at line 2)",
        ),
        ("a: [1, 2\nb: 3\n", "f.yaml:2:2: expected ',' or ']' but found ':' (started at line 1)"),
        ("a: *nothing\n", "f.yaml:1:4: found undefined alias 'nothing'"),
        ("a: &a [*a]\n", "f.yaml:1:4: a[0]: recursive alias"),
        (
            "a: !env HOME\n",
            "f.yaml:1:4: a: unsupported YAML tag '!env'; only !!str, !!int, !!float, !!bool,"
            " !!null, !!map and !!seq are allowed",
        ),
        ("[a, b]: 1\n", "f.yaml:1:1: a key must be a plain name, not a list or mapping"),
        (
            "a: 1\x00\n",
            "f.yaml:1:5: unacceptable character #x0000: special characters are not allowed",
        ),
    ],
)
def test_broken_yaml(text: str, message: str) -> None:
    assert error(text) == message


def test_binary_garbage_is_not_utf8() -> None:
    assert error(b"name: x\n\xff\xfe\x00garbage") == (
        "f.yaml:2:1: not a UTF-8 text file (byte 0xff cannot be decoded)"
    )


def test_empty_and_comment_only_files_have_no_documents() -> None:
    for text in ("", "# just a comment\n", "---\n"):
        docs, errors = load_text(text, "f.yaml")
        assert errors == []
        assert [d.data for d in docs] in ([], [None])


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    message = error("\n".join(lines) + "\n")
    assert message.endswith("document too large after alias expansion")


@pytest.mark.parametrize(
    "text",
    ['a: "x" y\n', "a: 'x' 'y'\n", "a: !t\n  - 1\n c\n", "- a\nb: 1\n", "a: 1\n- b\n"],
)
def test_parser_token_names_never_reach_the_user(text: str) -> None:
    errors = load_text(text, "f.yaml")[1]
    assert len(errors) == 1
    assert "<" not in errors[0].message and "'?'" not in errors[0].message


ONLY = "only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "signals:\n  - use: rule\n    short: !!python/name:os.system\n",
            f"f.yaml:3:12: signals[0].short: unsupported YAML tag '!!python/name:os.system'; {ONLY}",
        ),
        ("a: !!js/function 'x'\n", f"f.yaml:1:4: a: unsupported YAML tag '!!js/function'; {ONLY}"),
        ("a: !!set {x}\n", f"f.yaml:1:4: a: unsupported YAML tag '!!set'; {ONLY}"),
        ("a: !!binary aGk=\n", f"f.yaml:1:4: a: unsupported YAML tag '!!binary'; {ONLY}"),
        (
            "a: !!timestamp 2020-01-02\n",
            f"f.yaml:1:4: a: unsupported YAML tag '!!timestamp'; {ONLY}",
        ),
        (
            "a: !<tag:example.com,2000:x> 1\n",
            f"f.yaml:1:4: a: unsupported YAML tag '!<tag:example.com,2000:x>'; {ONLY}",
        ),
        ("a: &q !local 1\n", f"f.yaml:1:4: a: unsupported YAML tag '!local'; {ONLY}"),
        ("!!python/none k: 1\n", f"f.yaml:1:1: unsupported YAML tag '!!python/none'; {ONLY}"),
        ("a: !!int abc\n", "f.yaml:1:4: a: 'abc' is not a valid !!int value"),
        ("a: !!bool maybe\n", "f.yaml:1:4: a: 'maybe' is not a valid !!bool value"),
        ("a: !!null x\n", "f.yaml:1:4: a: 'x' is not a valid !!null value"),
        ("a: !!map x\n", "f.yaml:1:4: a: YAML tag '!!map' cannot be put on a single value"),
        ("a: !!str [1]\n", "f.yaml:1:4: a: YAML tag '!!str' cannot be put on a list"),
        ("a: !!seq {b: 1}\n", "f.yaml:1:4: a: YAML tag '!!seq' cannot be put on a mapping"),
        (
            "%YAML 1.3\n---\na: 1\n",
            "f.yaml:1:1: unsupported YAML directive '%YAML 1.3';"
            " only %YAML 1.1 and %YAML 1.2 are allowed",
        ),
        (
            "%YAML 2.0\n---\na: 1\n",
            "f.yaml:1:1: unsupported YAML directive '%YAML 2.0';"
            " only %YAML 1.1 and %YAML 1.2 are allowed",
        ),
        (
            "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
            "f.yaml:1:1: unsupported YAML directive '%TAG !e! tag:example.com,2000:';"
            " only %YAML 1.1 and %YAML 1.2 are allowed",
        ),
        (
            "a: 1\n---\n%FOO bar\n---\nb: 2\n",
            "f.yaml:3:1: unsupported YAML directive '%FOO';"
            " only %YAML 1.1 and %YAML 1.2 are allowed",
        ),
    ],
)
def test_unsafe_or_unknown_tags_and_directives_are_errors(text: str, message: str) -> None:
    assert error(text) == message


def test_core_tags_mean_what_they_say() -> None:
    doc = one(
        "a: !!int '5'\nb: !!str 5\nc: !!float 1\nd: !!bool true\ne: !!null ~\n"
        "f: !!map {x: 1}\ng: !!seq [1]\nh: ! x\ni: &x !!int 7\nj: *x\n"
        "k: !<tag:yaml.org,2002:str> 3\n"
    )
    assert doc.data == {
        "a": 5,
        "b": "5",
        "c": 1.0,
        "d": True,
        "e": None,
        "f": {"x": 1},
        "g": [1],
        "h": "x",
        "i": 7,
        "j": 7,
        "k": "3",
    }
    assert one("%YAML 1.2\n---\na: 1\n").data == {"a": 1}
