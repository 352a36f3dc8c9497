"""Fail when an interface catalogue has an untranslated or fuzzy entry.

Run by CI and `make checkmessages`: `python -m tests.check_catalogues`.
"""

import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("kk", "ru", "en")


def parse_entries(text: str):
    """Yield (flags, msgid, msgstrs) for every entry of a .po file."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line and not line.startswith("#~")]
        if not lines:
            continue
        flags = {flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")}
        msgid, msgstrs, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                current.append(line[6:])
            elif line.startswith("msgid_plural "):
                current = []
            elif line.startswith("msgstr"):
                current = []
                msgstrs.append(current)
                current.append(line.split(" ", 1)[1])
            elif line.startswith('"') and current is not None:
                current.append(line)
        yield flags, "".join(s.strip('"') for s in msgid), ["".join(s.strip('"') for s in m) for m in msgstrs]


def problems(language: str, path: Path | None = None) -> list[str]:
    """List the untranslated and fuzzy entries of a language's catalogue (django.po unless ``path`` is given)."""
    path = path or LOCALE / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return [f"{path}: missing"]
    found = []
    for flags, msgid, msgstrs in parse_entries(path.read_text(encoding="utf-8")):
        if not msgid:  # the header
            continue
        if "fuzzy" in flags:
            found.append(f"{language}: fuzzy: {msgid!r}")
        elif not msgstrs or any(not m for m in msgstrs):
            found.append(f"{language}: untranslated: {msgid!r}")
    return found


def main() -> int:
    found = [problem for language in LANGUAGES for problem in problems(language)]
    # The admin's JavaScript messages, where the project adds some (kk).
    for language in LANGUAGES:
        js = LOCALE / language / "LC_MESSAGES" / "djangojs.po"
        if js.exists():
            found += problems(language, js)
    for problem in found:
        print(problem)
    print(f"{len(found)} catalogue problems" if found else "catalogues complete")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
