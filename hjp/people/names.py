"""Comparing names as a person reads them, not as the computer stores them.

"Pеter" typed with a Cyrillic е, "Peter" with a zero-width space inside it, and "Ｐｅｔｅｒ" in
full-width letters all look like "Peter", and must all find the Peter already recorded when the
service looks for possible duplicates. A name's key is:

1. NFKC normalisation (full-width and compatibility forms to their plain letters; combining
   accents composed);
2. format characters removed (Unicode category Cf: zero-width spaces and joiners, direction marks);
3. case folded;
4. the confusable skeleton of Unicode Technical Standard #39, from ICU's SpoofChecker (the
   reference implementation, kept up to date with each Unicode release), which maps each letter to
   the one it is drawn like, across scripts.

Two names with the same key look alike; the key is only ever compared, never shown.
"""

import functools
import unicodedata

import icu

KEY_LENGTH = 400


@functools.cache
def _spoof_checker() -> icu.SpoofChecker:
    return icu.SpoofChecker()


def name_key(name: str) -> str:
    """The key two look-alike names share (see the module's description)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.casefold().split())
    # The skeleton works on one string; ICU's checker is not thread-safe to configure but is
    # safe to use once made, and making it is the costly part.
    return _spoof_checker().getSkeleton(0, text)[:KEY_LENGTH]
