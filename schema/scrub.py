"""Error messages without the values that caused them.

graphql-core words its refusals after the input: "String cannot represent a non string value:
310110…", "Expected value of type 'Origin', found 310110…", "Variable '$input' got invalid value
{…}", "Value '310110…' does not exist in 'Origin' enum". Any of those may be an ID number or a
QR text, and an answer (or a log line) must never carry one back. :func:`without_values` keeps
what names the fault (the variable, the path, the type, a field name) and cuts values out.
"""

from __future__ import annotations

import re

__all__ = ["without_values"]

# The separator before a trailing value in graphql-core's and Strawberry's wording; the
# message ends there.
_TRAILING_VALUE = re.compile(
    r"(?:value|cannot represent(?: a)? [\w ]*?)(?P<sep>: )"  # "… non string value: X"
    r"|(?P<found>,? found )"  # "Expected value of type 'T', found X"
    r"|non-enum value(?P<enum> )"  # "Enum 'E' cannot represent non-enum value X"
)
_INVALID_VALUE = re.compile(r" got invalid value .*?(?P<at> at '[\w.\[\]$]+')?(?:; |$)")
# A quoted GraphQL name, variable, type or input path is kept; any other quoted text is not.
_NAME = re.compile(r"\$?[_A-Za-z][_0-9A-Za-z]*(?:\.[_0-9A-Za-z]+|\[\d+\])*[!\[\]]*")
_ENUM_VALUE = re.compile(r"Value '[^']*'")
_SINGLE = re.compile(r"'([^']*)'")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')


def _cut(text: str) -> str:
    match = _TRAILING_VALUE.search(text)
    if match is None:
        return text
    group = next(name for name in ("sep", "found", "enum") if match.group(name) is not None)
    return text[: match.start(group)].rstrip(" ,") + "."


def _quoted(match: re.Match[str]) -> str:
    return match.group(0) if _NAME.fullmatch(match.group(1)) else "'…'"


def without_values(message: str) -> str:
    """``message`` with every input value it quotes removed."""
    message = _INVALID_VALUE.sub(
        lambda m: f" has an invalid value{m.group('at') or ''}: ", message, count=1
    ).removesuffix(": ")
    head, sep, reason = message.partition(": ")
    message = (
        f"{head}{sep}{_cut(reason)}" if sep and head.startswith("Variable '") else _cut(message)
    )
    message = _ENUM_VALUE.sub("Value '…'", message)  # always a value, even a name-like one
    return _DOUBLE.sub('"…"', _SINGLE.sub(_quoted, message))
