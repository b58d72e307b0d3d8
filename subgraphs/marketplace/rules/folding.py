"""Case folding for search that does not depend on the database server's locale.

The `simple` text-search config lowercases with the server's LC_CTYPE; under the C locale (the
embedded development server) Cyrillic capitals stay as they are, so "Велосипед" would not match
"велосипед". Cyrillic capitals are folded explicitly with `translate` (immutable, so usable in
a generated column); Latin letters are lowercased by `simple` under every locale.
"""

from __future__ import annotations

CYRILLIC_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐЎ"
CYRILLIC_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
assert len(CYRILLIC_UPPER) == len(CYRILLIC_LOWER)


def fold_sql(expression: str) -> str:
    """SQL folding the Cyrillic capitals of `expression` to lower case."""
    return f"translate({expression}, '{CYRILLIC_UPPER}', '{CYRILLIC_LOWER}')"


# The generated `products.search_vector`: the title weighs more than the description.
SEARCH_VECTOR_SQL = (
    f"setweight(to_tsvector('simple'::regconfig, {fold_sql('title')}), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, {fold_sql('description')}), 'B')"
)


KEY_MAX = 100  # the column's length; casefolding may lengthen a text ("ß" -> "ss")


def fold_key(value: str) -> str:
    """The matching key of a short text such as a city: trimmed, spaces collapsed, casefolded
    (cut to the column's length, the same way for stored and searched values)."""
    return " ".join(value.split()).casefold()[:KEY_MAX]
