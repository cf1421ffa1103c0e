"""One error root per package, drawn in its errors module: every exception class a package
defines is under that root and named in the drawing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import registry
import signing
from registry.errors import RegistryError
from signing.errors import SigningError


def _modules(package: ModuleType) -> list[ModuleType]:
    names = [package.__name__]
    names += [
        info.name
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if ".migrations" not in info.name and ".cli" not in info.name
    ]
    return [importlib.import_module(name) for name in names]


@pytest.mark.parametrize(
    ("package", "root", "drawings"),
    [
        (signing, SigningError, ["signing.errors"]),
        (registry, RegistryError, ["registry.errors", "registry.eligibility.errors"]),
    ],
    ids=["signing", "registry"],
)
def test_every_exception_is_under_the_root_and_drawn(
    package: ModuleType, root: type[Exception], drawings: list[str]
) -> None:
    drawn = "".join(importlib.import_module(name).__doc__ or "" for name in drawings)
    found = {
        cls
        for module in _modules(package)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseException)
        and cls.__module__ == module.__name__
        and not cls.__name__.startswith("_")  # private control flow, never raised out
    }
    assert found, package.__name__
    outside = sorted(cls.__qualname__ for cls in found if not issubclass(cls, root))
    assert not outside, f"not under {root.__name__}: {outside}"
    undrawn = sorted(cls.__name__ for cls in found if cls.__name__ not in drawn)
    assert not undrawn, f"not drawn in {drawings}: {undrawn}"
