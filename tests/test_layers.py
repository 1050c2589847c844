"""The layers' import arrows (docs/architecture.md, "Layers"): every import in service/ is read from the source
and must follow an allowed arrow, so the structure stays downward: soap -> domain -> rules, store below domain.

An arrow names the importing package (or module) and what it may import inside `service`; the most specific
entry for a module wins. Third-party libraries with a layer of their own are listed in OWNERS."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "service"

# Importer (package or module) -> the service packages/modules it may import. Imports inside its own
# package are always allowed. Entry points (cli, tools, __main__) wire everything and may import anything.
ALLOWED: dict[str, set[str]] = {
    "service.rules": set(),
    "service.domain": {"service.rules"},
    # The domain imports nothing of the store: it owns the repository protocols (domain/repositories.py) and the
    # store implements them; the call's transaction comes in through the application's Deps (domain/kald.py).
    # The store reads and writes the domain's objects (the sandbox registry's record too) and implements its
    # repository protocols (checked by mypy in store/sql.py; the time-limit and missing-sandbox signals are the domain's).
    "service.store": {"service.domain.model", "service.domain.clock", "service.domain.sandkasse", "service.domain.repositories"},
    "service.soap": {"service.domain", "service.rules", "service.config"},
    "service.rest": {"service.domain", "service.rules", "service.config"},
    # The application opens the store's transaction around each call (call_wrapper).
    "service.soap.application": {"service.domain", "service.rules", "service.store.sql"},
    "service.harness": {
        "service.soap.namespaces",
        "service.app",
        "service.config",
        "service.domain.clock",
        "service.domain.ids",
        "service.domain.sandkasse",
    },
    "service.app": {
        "service.soap",
        "service.rest",
        "service.domain",
        "service.rules",
        "service.store",
        "service.config",
        "service.journal",
        "service.admin",
    },
    # Beside the faces, at the application's level: the journal and access log read what a SOAP call carried
    # (headers, fault details); the admin page and JSON read the domain's state with the application's Deps.
    "service.journal": {"service.domain.clock", "service.domain.sandkasse", "service.soap.headers", "service.soap.faults", "service.rules"},
    "service.admin": {"service.domain", "service.soap.application"},
    # The default time of day of a fixed business date is the clock's.
    "service.config": {"service.domain.clock"},
    # The pytest plugin is an entry point of its own: it starts the application in the test process.
    "service.pytest_plugin": {"service.app", "service.config"},
    "service.https": {"service.config"},
    "service.workers": {"service.config", "service.store", "service.app", "service.spread"},
    "service._compat": set(),
    "service": {"service._compat"},
    "service.cli": {"service"},
    "service.__main__": {"service"},
    "service.tools": {"service"},
}

# Third-party libraries that belong to one layer: only these importers may import them.
OWNERS: dict[str, set[str]] = {
    "spyne": {"service.soap"},
    "fastapi": {"service.rest"},
    "starlette": {"service.rest"},
    "sqlalchemy": {"service.store"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module the file imports (inside functions and TYPE_CHECKING blocks too), with its line."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    result = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            result += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                result.append((node.lineno, candidate if _is_module(candidate) else base))
    return result


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _rule_for(module: str) -> tuple[str, set[str]]:
    """The layer the module belongs to (service.<layer>, or the top-level module) and what it may import."""
    best = max((k for k in ALLOWED if _within(module, k)), key=len, default=None)
    assert best is not None, f"{module} has no entry in ALLOWED: add its arrows to the test and to docs/architecture.md"
    layer = ".".join(module.split(".")[:2])
    return layer, ALLOWED[best]


def _violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        own, allowed = _rule_for(module)
        for line, imported in _imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            top = imported.split(".")[0]
            if top in OWNERS and not any(_within(module, o) for o in OWNERS[top]):
                found.append(f"{where}: only {', '.join(sorted(OWNERS[top]))} may import {top}")
            if top != "service" or imported == "service":  # `from service import __version__`
                continue
            if _within(imported, own) or any(_within(imported, a) for a in allowed):
                continue
            found.append(f"{where}: {own} may import only {', '.join(sorted(allowed)) or 'its own package'}")
    return found


def test_imports_follow_the_allowed_arrows():
    assert _violations() == []


def test_the_checker_sees_a_wrong_arrow(tmp_path, monkeypatch):
    """A rules module importing the domain is reported: the walk is not vacuous."""
    module = PACKAGE / "rules" / "_layer_probe.py"
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: iter([module]))
    real_read = Path.read_text
    monkeypatch.setattr(
        Path,
        "read_text",
        lambda self, *a, **k: "from service.domain.model import Borger\nimport spyne\n" if self == module else real_read(self, *a, **k),
    )
    found = _violations()
    assert len(found) == 2
    assert "service/rules/_layer_probe.py:1 imports service.domain.model" in found[0]
    assert "only service.soap may import spyne" in found[1]


def test_every_module_has_arrows():
    for path in PACKAGE.rglob("*.py"):
        _rule_for(_module_name(path))
