# Sourced by scripts/serve, scripts/test and .ci/run: find a Python the emulator runs on (3.11 to 3.13)
# and keep .venv/ installed from pyproject.toml with the extras a script needs.

SUPPORTED_PYTHONS="3.13 3.12 3.11"

# Every suitable interpreter on this machine, newest first, one per version: python3.X on the PATH
# (a pyenv shim answers only for the versions pyenv has selected, so each is tried, not just found),
# then pyenv's and the usual install folders (python.org on macOS, Homebrew).
python_candidates() {
  local version cand
  for version in $SUPPORTED_PYTHONS; do
    for cand in "python$version" \
        "${HOME:-}"/.pyenv/versions/"$version"*/bin/"python$version" \
        /usr/local/bin/"python$version" /opt/homebrew/bin/"python$version" \
        /Library/Frameworks/Python.framework/Versions/"$version"/bin/"python$version"; do
      if "$cand" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        echo "$cand"
        break
      fi
    done
  done
}

# $PYTHON if set, else the newest suitable interpreter; exits with advice when there is none.
choose_python() {
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
    return
  fi
  local found
  found=$(python_candidates | head -n 1)
  if [ -z "$found" ]; then
    echo "No Python 3.11, 3.12 or 3.13 found (tried python3.13, python3.12, python3.11 and pyenv's versions)." >&2
    echo "Install one (README, 'Python versions') or set PYTHON=/path/to/python3.X." >&2
    exit 1
  fi
  echo "$found"
}

# .venv/ made with $1 (kept if it already holds a supported Python, made again if $PYTHON names
# another version) and the project installed with extras $2; installed again when pyproject.toml or
# the extras change.
ensure_venv() {
  local python="$1" extras="$2" want have stamp
  if ! "$python" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'; then
    echo "$python is not Python 3.11, 3.12 or 3.13, which the emulator runs on." >&2
    exit 1
  fi
  want=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  have=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
  case "$have" in 3.11|3.12|3.13) ;; *) have="" ;; esac
  # A working .venv/ of a supported version is kept, unless $PYTHON asks for another version.
  if [ -z "$have" ] || { [ -n "${PYTHON:-}" ] && [ "$have" != "$want" ]; }; then
    rm -rf .venv
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    have="$want"
  fi
  stamp="$have [$extras] $(cksum < pyproject.toml)"
  if [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
    .venv/bin/python -m pip install --quiet -e ".[$extras]"
    echo "$stamp" > .venv/.installed
  fi
}
