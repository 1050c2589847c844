"""Lets spyne 2.14 import on Python 3.12 and 3.13. Imported by service/__init__.py before anything imports spyne.

spyne 2.14 (its last release) vendors six 1.14, whose `six.moves` importer only has the PEP 302
`find_module`/`load_module` pair; Python 3.12 no longer calls `find_module`, so
`spyne.util.six.moves` is not found (arskom/spyne#700, #708, #711; fixed in spyne's master and in
six 1.16, never released for spyne). The finder below gives that importer six 1.16's
`find_spec`/`create_module`/`exec_module` the first time any module is looked up after six is
imported, then steps aside: the import system goes on to the now-patched importer. On 3.11 the same path is taken,
so the suite there exercises it too.

Python 3.13 removed the `cgi` module that spyne's SOAP and WSGI code import; the `legacy-cgi`
package (a dependency for 3.13 and later) puts it back under the same name.
"""

from __future__ import annotations

import sys
from importlib.util import spec_from_loader
from types import ModuleType
from typing import Any


def _find_spec(self: Any, fullname: str, path: Any = None, target: Any = None) -> Any:
    if fullname in self.known_modules:
        return spec_from_loader(fullname, self)
    return None


def _create_module(self: Any, spec: Any) -> ModuleType:
    return self.load_module(spec.name)


def _exec_module(self: Any, module: ModuleType) -> None:
    """Nothing to run: `create_module` returned the finished module."""


class _SixMovesPatcher:
    """A meta-path finder that patches six's moves importer in place and never finds anything itself."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> None:
        # Every lookup, not only six.moves ones: the import system asks the six importer about every
        # module the finders before it do not find (spyne's `import thread` fallback, for one).
        for finder in sys.meta_path:
            cls = type(finder)
            if cls.__name__ == "_SixMetaPathImporter" and "find_spec" not in vars(cls):
                # six's importer is not typed as the finder and loader it is made into here.
                cls.find_spec = _find_spec  # type: ignore[method-assign]
                cls.create_module = _create_module  # type: ignore[attr-defined]
                cls.exec_module = _exec_module  # type: ignore[attr-defined]
        return None


def install() -> None:
    if not any(isinstance(finder, _SixMovesPatcher) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SixMovesPatcher())


install()
