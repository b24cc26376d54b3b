"""Format readers: Markdown blanking keeps every offset, JSON/YAML keep prose values only,
directory walking picks copy files and skips excluded directories."""

from pathlib import Path

from regenwatch.lint.config import LintConfig
from regenwatch.lint.markdown import blank_body, map_markdown
from regenwatch.lint.structured import is_prose, json_fields, yaml_fields
from regenwatch.lint.walk import collect

MD = """# Heading **bold**

A paragraph with a [link](https://example.com/x) and `code`,
wrapped onto a second line.

> Quoted *text*.

| a | b |
|---|---|
| Cell one | Cell two |

- item one
- item two
  continued

<!-- a comment -->
[ref]: https://example.com
![alt text](/img.png)
"""


def test_blank_body_keeps_length_and_reads_as_prose():
    out = blank_body(MD)
    assert len(out) == len(MD)
    lines = out.split("\n")
    assert lines[0].strip() == "Heading   bold"
    # the soft line break became a space: one paragraph, one line for the segmenter
    assert " ".join(lines[2].split()) == "A paragraph with a link and code , wrapped onto a " \
                                         "second line."
    assert "https" not in out and "`" not in out
    assert lines[4].strip() == "Quoted  text ."
    assert "|" not in out and "---" not in out
    assert "\n- item one\n- item two   continued\n" in out  # list items keep their lines
    assert "comment" not in out and "example.com" not in out
    assert lines[15].strip() == "alt text"


def test_markdown_body_offsets_are_source_offsets():
    mapped = map_markdown(MD)
    assert mapped.origin == list(range(len(MD)))
    for i, ch in enumerate(mapped.text):
        if ch.strip() and ch.isalnum():
            assert MD[i] == ch


def test_front_matter_fields_then_body():
    src = "---\ntitle: Hello there\ncount: 3\nurl: /a/b\n---\nBody text.\n"
    mapped = map_markdown(src)
    assert mapped.text.startswith("Hello there\n")
    assert "count" not in mapped.text and "/a/b" not in mapped.text
    assert src[mapped.origin[0]:mapped.origin[0] + 11] == "Hello there"
    body = mapped.text.index("Body")
    assert mapped.origin[body] == src.index("Body")


def test_prose_filter():
    assert is_prose("Our exosomes cure arthritis.")
    assert is_prose("Exosomes")
    for v in ("/img/hero.jpg", "https://x.example/a", "hero.jpg", "#fff", "2024", "", "  "):
        assert not is_prose(v), v


def test_json_keys_are_not_copy():
    fields = json_fields('{"Our exosomes cure arthritis": "hello world", "n": 1}')
    assert [f[0] for f in fields] == ["hello world"]


def test_yaml_block_scalars_and_sequences():
    src = "a: |\n  line one\n  line two\nb:\n  - first item\n  - 'second ''quoted'''\n"
    fields = yaml_fields(src)
    values = [f[0] for f in fields]
    assert values == ["line one\nline two\n", "first item", "second 'quoted'"]
    value, origin, _ = fields[2]
    assert src[origin[0]] == "s" and src[origin[value.index("q")]] == "q"


def test_walk_picks_copy_files_and_skips_excluded(tmp_path):
    for name in ("a.html", "b.md", "c.json", "d.yml", "e.py", "node_modules/x.html",
                 ".git/y.md", "drafts/z.md", "sub/f.htm"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    config = LintConfig(exclude=("drafts",), root=tmp_path)
    found = collect([str(tmp_path), str(tmp_path / "nope.md")], config)
    names = [Path(f).relative_to(tmp_path).as_posix() for f in found.files]
    assert names == ["a.html", "b.md", "c.json", "d.yml", "sub/f.htm"]
    assert found.missing == [str(tmp_path / "nope.md")]
    assert found.excluded == 3  # node_modules, .git, drafts


def test_yaml_aliases_are_read_once():
    lines = ['a: &a ["some words here", "more words here"]']
    for i in range(1, 30):
        prev = "a" if i == 1 else f"l{i - 1}"
        lines.append(f"l{i}: &l{i} [*{prev}, *{prev}, *{prev}]")
    fields = yaml_fields("\n".join(lines) + "\n")
    assert [f[0] for f in fields] == ["some words here", "more words here"]
