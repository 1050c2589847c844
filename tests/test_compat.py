"""spyne 2.14 on Python 3.12+: its vendored six's moves importer answers find_spec (service/_compat.py)."""

import importlib
import subprocess
import sys


def test_six_moves_importer_has_find_spec_after_spyne_imports():
    six = importlib.import_module("spyne.util.six")
    importer = next(f for f in sys.meta_path if type(f).__name__ == "_SixMetaPathImporter" and f.name == six.__name__)
    spec = importer.find_spec("spyne.util.six.moves.collections_abc", None)
    assert spec is not None and spec.loader is importer
    assert importer.find_spec("spyne.util.six.moves.not_a_move", None) is None
    from spyne.util.six.moves import collections_abc

    assert collections_abc.MutableSet.__module__ == "collections.abc"


def test_spyne_imports_in_a_fresh_interpreter_with_warnings_as_errors():
    # A fresh process: the import order is the one `dfdg-emulator serve` has, and no warning of the
    # import system (find_module, load_module) is left unheeded.
    code = "import service.app; import spyne.server.wsgi, spyne.protocol.soap; print('ok')"
    result = subprocess.run([sys.executable, "-W", "error::ImportWarning", "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
