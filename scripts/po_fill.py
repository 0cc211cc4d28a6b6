"""Fill msgstr entries of a .po file from a JSON file of translations.

    python3 scripts/po_fill.py todo plein/locale/en/LC_MESSAGES/django.po > todo.json
        writes the untranslated (or fuzzy) msgids as a JSON object {msgid: ""}
        (plural entries as {msgid: ["", ""]}).
    python3 scripts/po_fill.py fill plein/locale/en/LC_MESSAGES/django.po done.json
        writes every non-empty translation from done.json into the .po file and drops the
        fuzzy flag of the entries it filled.

Only the standard library: the project does not need polib for this.
"""

import json
import re
import sys
from pathlib import Path

STRING = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


def unquote(literal: str) -> str:
    return json.loads(literal)


def quote(text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return body


def parse_block(lines: list[str]) -> dict:
    """One entry: comments, and a dict of its keyword fields with their joined values."""
    entry: dict = {"comments": [], "fields": {}, "order": []}
    current = None
    for line in lines:
        if line.startswith("#"):
            entry["comments"].append(line)
        elif match := STRING.match(line):
            current = match.group(1)
            entry["fields"][current] = unquote(match.group(2))
            entry["order"].append(current)
        elif line.startswith('"') and current:
            entry["fields"][current] += unquote(line)
    return entry


def render_field(keyword: str, value: str) -> list[str]:
    if "\n" in value[:-1] or len(value) > 70:
        parts = re.findall(r"[^\n]*\n|[^\n]+$", value)
        return [f'{keyword} ""'] + [quote(part) for part in parts]
    return [f"{keyword} {quote(value)}"]


def render_block(entry: dict) -> list[str]:
    lines = list(entry["comments"])
    for keyword in entry["order"]:
        lines += render_field(keyword, entry["fields"][keyword])
    return lines


def blocks(path: Path) -> list[list[str]]:
    result: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == "":
            if current:
                result.append(current)
            current = []
        else:
            current.append(line)
    if current:
        result.append(current)
    return result


def is_fuzzy(entry: dict) -> bool:
    return any(c.startswith("#,") and "fuzzy" in c for c in entry["comments"])


def is_obsolete(lines: list[str]) -> bool:
    return all(line.startswith("#~") or not line.strip() for line in lines)


def todo(po: Path) -> dict[str, str | list[str]]:
    wanted: dict[str, str | list[str]] = {}
    for lines in blocks(po):
        entry = parse_block(lines)
        fields = entry["fields"]
        if not fields.get("msgid") or is_obsolete(lines):
            continue
        if "msgid_plural" in fields:
            forms = [fields.get("msgstr[0]", ""), fields.get("msgstr[1]", "")]
            if is_fuzzy(entry) or not all(forms):
                wanted[fields["msgid"]] = ["", ""]
        elif is_fuzzy(entry) or not fields.get("msgstr"):
            wanted[fields["msgid"]] = ""
    return wanted


def fill(po: Path, translations: dict) -> int:
    out, filled = [], 0
    for lines in blocks(po):
        entry = parse_block(lines)
        fields = entry["fields"]
        value = translations.get(fields.get("msgid"))
        if fields.get("msgid") and value and not is_obsolete(lines):
            if isinstance(value, list) and "msgid_plural" in fields:
                fields["msgstr[0]"], fields["msgstr[1]"] = value
            elif isinstance(value, str) and "msgid_plural" not in fields:
                fields["msgstr"] = value
            else:
                raise SystemExit(f"Plural mismatch for {fields['msgid']!r}")
            entry["comments"] = [
                c
                for c in (
                    re.sub(r",? fuzzy", "", c) if c.startswith("#,") else c
                    for c in entry["comments"]
                )
                if c.strip() != "#,"
            ]
            lines = render_block(entry)
            filled += 1
        out.append("\n".join(lines))
    po.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return filled


def main() -> None:
    command, po = sys.argv[1], Path(sys.argv[2])
    if command == "todo":
        print(json.dumps(todo(po), ensure_ascii=False, indent=1))
    elif command == "fill":
        translations = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
        print(f"filled {fill(po, translations)} entries", file=sys.stderr)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
