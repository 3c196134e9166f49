"""Session 6: the Markdown parsing fast paths give exactly what they replace.

* ``markdown_parser._fast_push_state``: the block state's ``push`` builds each token
  field by field instead of through ``Token``'s dataclass constructor; the tokens must
  equal the stock ones (every field, fresh ``attrs`` and ``meta`` dicts per token) and
  the level must move as the stock ``push`` moves it. The token streams of whole
  documents are compared with a stock parser by ``tests/test_perf5_markdown.py``.
"""

from __future__ import annotations

from markdown_it.rules_block import StateBlock

from postlint import markdown_parser as mp


def test_the_parser_uses_the_fast_push_state() -> None:
    """Otherwise the token comparisons of the other tests would not exercise it."""
    md = mp.markdown_parser()
    state = mp._block_state("a\n", md, {}, [], mp._fast_push_state(md))
    assert type(state).__name__ == "FastPushState"
    rule = md.core.ruler.getRules("")[0]
    assert any(
        isinstance(cell.cell_contents, type) and cell.cell_contents.__name__ == "FastPushState"
        for cell in rule.__closure__
    )


def test_fast_push_equals_stock_push() -> None:
    md = mp.markdown_parser()
    cls = mp._fast_push_state(md)
    stock, ours = StateBlock("", md, {}, []), cls("", md, {}, [])
    for nesting in (1, 1, 0, -1, 0, -1, 1, -1):
        a = stock.push("x_open", "p", nesting)
        b = ours.push("x_open", "p", nesting)
        assert a == b and a.as_dict() == b.as_dict()
        assert (stock.level, len(stock.tokens)) == (ours.level, len(ours.tokens))
    assert stock.tokens == ours.tokens
    # Each token has dicts of its own: a rule that sets an attribute sets it on one token.
    ours.tokens[0].attrs["id"] = "x"
    ours.tokens[0].meta["k"] = 1
    assert ours.tokens[1].attrs == {} and ours.tokens[1].meta == {}


def test_fast_push_is_not_used_when_token_fields_differ(monkeypatch) -> None:
    """A markdown-it whose Token has other fields keeps the stock push."""
    monkeypatch.setattr(mp, "_TOKEN_FIELDS", mp._TOKEN_FIELDS[:-1])
    assert mp._fast_push_state(mp.markdown_parser()) is None


def test_the_block_state_of_the_fast_class_equals_the_stock_state() -> None:
    md = mp.markdown_parser()
    cls = mp._fast_push_state(md)
    for source in ("a", "- a\n\t- b\n", "# t\n\n    code\n> q\n"):
        assert vars(mp._block_state(source, md, {}, [], cls)) == vars(
            StateBlock(source, md, {}, [])
        )


def test_options_read_with_a_false_default_are_set_to_it() -> None:
    """The block rules' ``options.get(name, False)`` answers as for an absent option."""
    from markdown_it import MarkdownIt

    stock = MarkdownIt("commonmark", {"html": True}).options
    ours = mp.markdown_parser().options
    for name in mp._ABSENT_OPTIONS:
        assert name not in stock
        assert ours.get(name, False) is stock.get(name, False) is False


def test_fast_get_lines_equals_stock_get_lines() -> None:
    """Every range, indent and keepLastLF, on lines with tabs, markers and moved starts."""
    import random

    md = mp.markdown_parser()
    cls = mp._fast_push_state(md)
    rnd = random.Random(7)
    pieces = [" ", "\t", "a", "\n", "> ", "- ", "1. ", "  ", "é", "\t\t", "b c", "\n\n"]
    sources = ["a", "a\nb", " a\n  b\n\tc\n", "- x\n  y\n\t z", "> q\n> r\n"]
    sources += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16))) for _ in range(600)]
    for source in sources:
        ours = mp._block_state(source, md, {}, [], cls)
        stock = mp._block_state(source, md, {}, [])
        lines = ours.lineMax
        # As blockquote and list rules do: move some starts past a marker and widen tShift.
        for line in range(lines):
            if rnd.random() < 0.3:
                step = rnd.randint(0, max(0, ours.eMarks[line] - ours.bMarks[line]))
                extra = rnd.choice([0, 0, 2])
                for state in (ours, stock):
                    state.bMarks[line] += step
                    state.tShift[line] = max(0, state.tShift[line] - step) + extra
            if rnd.random() < 0.2:
                shift = rnd.randint(0, 6)
                ours.tShift[line] = stock.tShift[line] = shift
            ours.bsCount[line] = stock.bsCount[line] = rnd.choice([0, 0, 1, 3])
        for begin in range(lines + 1):
            for end in range(begin, lines + 1):
                for indent in (0, 1, 2, 3, 4, 6):
                    for keep in (False, True):
                        expected = _outcome(StateBlock.getLines, stock, begin, end, indent, keep)
                        got = _outcome(type(ours).getLines, ours, begin, end, indent, keep)
                        assert got == expected, (source, begin, end, indent, keep)


def _outcome(get_lines, *args) -> object:
    """What ``get_lines(*args)`` returns, or the type of what it raises."""
    try:
        return get_lines(*args)
    except Exception as exc:  # noqa: BLE001 - the stock method may raise IndexError
        return type(exc)
