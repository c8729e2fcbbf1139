"""Names as the conflict check compares them: the same name however it was typed."""

import re
import unicodedata

# Words that say what kind of body a name is, not which one.
LEGAL_SUFFIXES = frozenset({"ltd", "limited", "plc", "llp", "llc", "inc", "co", "company", "the"})


def match_name(name: str) -> str:
    """Lower case, without accents, punctuation, format characters or legal suffixes."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name))
    text = "".join(
        c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    words = re.sub(r"[^\w\s]|_", " ", text.casefold()).split()
    return " ".join(word for word in words if word not in LEGAL_SUFFIXES)


def is_near(first: str, second: str) -> bool:
    """Two different match names that may be the same party: every word of one is in the other,
    or the same surname with the same first initial."""
    if not first or not second or first == second:
        return False
    a, b = first.split(), second.split()
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    return len(a) > 1 and len(b) > 1 and a[-1] == b[-1] and a[0][0] == b[0][0]
