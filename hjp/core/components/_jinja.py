"""The Jinja semantics the NHS.UK component templates rely on, and the checks that params fit
the subset the Python renderers support."""

from collections.abc import Callable, Mapping

from jinja2 import Undefined
from markupsafe import Markup, escape


class _Missing:
    """A value the params leave out: falsy and empty when output, like Jinja's undefined."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class _Params(dict):
    """A params dict as a template reads it: an absent or undefined entry is MISSING."""

    __slots__ = ()

    def __missing__(self, key: str) -> _Missing:
        return MISSING


_NOTHING = _Params()

TAG_COLOURS = ("white", "grey", "green", "aqua-green", "blue", "purple", "pink", "red")
TAG_COLOURS += ("orange", "yellow")
HEADING_SIZES = ("xxs", "xs", "s", "m", "l", "xl")
LABEL_SIZES = ("s", "m", "l", "xl")
INPUT_WIDTHS = ("2", "3", "4", "5", "10", "20", "30")

TEXT_KEYS = frozenset({"text", "html", "id", "classes", "attributes"})
ERROR_KEYS = TEXT_KEYS | {"visuallyHiddenText"}
LABEL_KEYS = ERROR_KEYS | {"for", "size", "isPageHeading"}
LEGEND_KEYS = TEXT_KEYS | {"size", "isPageHeading"}
TAG_KEYS = TEXT_KEYS | {"colour", "border"}
FIELDSET_KEYS = frozenset({"legend", "html", "id", "role", "describedBy", "classes", "attributes"})
FORM_GROUP_KEYS = frozenset({"classes", "attributes"})
FIELD_KEYS = frozenset({"id", "name", "label", "hint", "errorMessage", "classes", "formGroup"})
FIELD_KEYS |= {"describedBy", "disabled", "attributes", "value"}
INPUT_KEYS = FIELD_KEYS | {"type", "autocomplete", "autocapitalize", "pattern", "placeholder"}
INPUT_KEYS |= {"inputmode", "spellcheck", "width", "large", "code"}
TEXTAREA_KEYS = FIELD_KEYS | {"rows", "autocomplete", "spellcheck"}
SELECT_KEYS = FIELD_KEYS | {"items"}
SELECT_ITEM_KEYS = frozenset({"value", "text", "selected", "disabled", "attributes", "divider"})
CHOICE_KEYS = frozenset({"idPrefix", "name", "items", "hint", "errorMessage", "fieldset"})
CHOICE_KEYS |= {"classes", "small", "inline", "formGroup", "id", "attributes", "disabled"}
CHECKBOXES_KEYS = CHOICE_KEYS | {"values", "describedBy"}
RADIOS_KEYS = CHOICE_KEYS | {"value"}
RADIO_ITEM_KEYS = frozenset({"value", "text", "html", "label", "hint", "checked", "disabled"})
RADIO_ITEM_KEYS |= {"conditional", "divider", "id", "classes", "attributes"}
CHECKBOX_ITEM_KEYS = RADIO_ITEM_KEYS | {"name", "behaviour", "behaviourGroup", "exclusive"}
CHECKBOX_ITEM_KEYS |= {"exclusiveGroup"}


# --- Jinja semantics ----------------------------------------------------------------------


def _params(value) -> _Params:
    """`value` read as a template reads it: `value.key` of anything but a dict is undefined."""
    if type(value) is _Params:
        return value
    if type(value) is not dict:
        return _NOTHING
    params = _Params(value)
    for key, item in value.items():
        if isinstance(item, Undefined):
            del params[key]
    return params


def _text_param(value) -> _Params:
    """A param the reference also takes as a string: text, and HTML too if it is escaped."""
    if type(value) is dict or type(value) is _Params:
        return _params(value)
    if value is MISSING or value is None:
        return _NOTHING
    return _Params(
        text=value if isinstance(value, str) else MISSING,
        html=value if hasattr(value, "__html__") else MISSING,
    )


def _default(value, fallback, *, boolean: bool = False):
    """The `default` filter: the fallback for a missing value (or a falsy one if boolean)."""
    return fallback if value is MISSING or (boolean and not value) else value


def _concat(*parts) -> str:
    """The `~` operator under autoescape: Markup if any part is, else a plain string."""
    for part in parts:
        if type(part) is not str:
            break
    else:
        return "".join(parts)
    strings = [part if isinstance(part, str) else str(part) for part in parts]
    for string in strings:
        if hasattr(string, "__html__"):
            return Markup("").join(strings)
    return "".join(strings)


def _escape_str_in_python(text: str) -> str:
    """What markupsafe.escape makes of a str, as a plain str."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:  # markupsafe's own C escaping of a str, without the cost of making a Markup of it
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover (markupsafe built without its C speedups)
    _escape_str = _escape_str_in_python


def _escaped(value) -> str:
    """`{{ value }}` under autoescape, as a plain string: text escaped, Markup as given."""
    if type(value) is str:
        return _escape_str(value)
    return str(escape(value))


def _with_classes(class_names: str, classes) -> str:
    """`classNames ~ " " ~ params.classes` when the classes are given."""
    return _concat(class_names, " ", classes) if classes else class_names


def _assembled(markup: str) -> Markup:
    """A renderer's output: markup built from escaped text and HTML params as given."""
    return Markup(markup)  # noqa: S704 (every part is escaped or an HTML param)


def _content(html, text) -> str:
    """`{% if html %}{{ html | safe | trim }}{% elif text %}{{ text | trim }}{% endif %}`."""
    if html:
        return str(html).strip()
    if text:
        return _escaped(text).strip()
    return ""


def _attribute(name: str, value, *, optional: bool = False) -> str:
    """One entry of the package's `nhsukAttributes` macro, given `name` and `value`.

    None and undefined give `name=""` (nothing if optional), booleans "true" and "false" (a bare
    name for an optional True, nothing for an optional False), Markup its own text, quoted with
    single quotes if it holds a double one, and anything else its escaped text.
    """
    if type(value) is str:
        return f' {_escaped(name)}="{_escaped(value)}"'
    if value is None or value is MISSING or isinstance(value, Undefined):
        return "" if optional else f' {_escaped(name)}=""'
    if value is True:
        return f" {_escaped(name)}" if optional else f' {_escaped(name)}="true"'
    if value is False:
        return "" if optional else f' {_escaped(name)}="false"'
    if hasattr(value, "__html__"):
        quote = "'" if '"' in value else '"'
        return f" {_escaped(name)}={quote}{value}{quote}"
    return f' {_escaped(name)}="{_escaped(value)}"'


def _attributes(attributes) -> str:
    """`nhsukAttributes(params.attributes)` for a dict of plain values (see `_fits_attributes`)."""
    if not attributes:
        return ""
    return "".join([_attribute(name, value) for name, value in attributes.items()])


def _attribute_if(name: str, value) -> str:
    """`{% if value %} name="{{ value }}"{% endif %}`."""
    return f' {name}="{_escaped(value)}"' if value else ""


def _size_class(class_names: str, prefix: str, size, sizes, classes, named) -> str:
    """`class_names` with `prefix ~ size` added when the size is one of `sizes` and the classes
    name none of the sizes in `named` already."""
    if not size or size not in sizes:
        return class_names
    if classes:
        for name in named:
            if prefix + name in classes:
                return class_names
    return _concat(class_names, " ", prefix, size)


# --- what the renderers support -----------------------------------------------------------


def _absent(value) -> bool:
    """Whether a template reads `value` as none or undefined."""
    return value is None or value is MISSING or isinstance(value, Undefined)


def _plain(value) -> bool:
    """Whether `value` is a plain value: text, a number, a boolean, none or undefined."""
    return isinstance(value, (str, int)) or _absent(value)


def _fits_values(value: dict, nested: Mapping[str, Callable[[object], bool]]) -> bool:
    """Whether each value of the dict is plain, or passes the check `nested` has for its key."""
    for key, item in value.items():
        check = nested.get(key)
        if not (check(item) if check is not None else _plain(item)):
            return False
    return True


def _fits_classes(value) -> bool:
    """Classes the templates can search with `in`: text, or none at all."""
    return isinstance(value, str) or _absent(value)


def _fits(value, keys: frozenset, *, strings: bool = False) -> bool:
    """Whether `value` is absent or a dict of only `keys` (or, if strings, a plain value), the
    dict's values plain apart from classes and attributes, which must fit as those."""
    if type(value) is dict:
        return keys.issuperset(value) and _fits_values(value, _NESTED)
    return _plain(value) if strings else _absent(value)


def _fits_attributes(value) -> bool:
    """Attributes as a dict of plain values under text names (not a string, nor options)."""
    if type(value) is not dict:
        return _absent(value)
    return all(isinstance(name, str) and _plain(item) for name, item in value.items())


def _fits_text(value, keys: frozenset = TEXT_KEYS) -> bool:
    """A param the templates also take as a string (a hint, a label): a plain value or a dict."""
    return _fits(value, keys, strings=True)


def _fits_group(params, keys: frozenset) -> bool:
    """A dict of only `keys` (a form group), or nothing."""
    return _fits(params, keys)


def _fits_items(items, keys: frozenset, check: Callable[[dict], bool] | None = None) -> bool:
    """A list of items, each none or a dict of only `keys` that passes `check`."""
    if type(items) is not list and type(items) is not tuple:
        return _absent(items) and items is not None
    for item in items:
        if item is None:
            continue
        if type(item) is not dict or not keys.issuperset(item):
            return False
        if not (check(item) if check is not None else _fits_values(item, _NESTED)):
            return False
    return True


_NESTED = {"classes": _fits_classes, "attributes": _fits_attributes}
