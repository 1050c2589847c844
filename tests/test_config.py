"""Configuration: environment variables, overridden by command-line options."""

import logging
from datetime import date

import pytest

from service import cli
from service.config import ENV, Settings, settings_markdown


def test_settings_from_the_environment():
    settings = Settings.from_env(
        {
            "DFDG_HOST": "0.0.0.0",
            "DFDG_PORT": "9090",
            "DFDG_DATABASE_URL": "sqlite:///x.db",
            "DFDG_TODAY": "2026-03-01",
            "DFDG_THREADS": "4",
        }
    )
    assert (settings.host, settings.port, settings.database_url, settings.today, settings.threads) == (
        "0.0.0.0",
        9090,
        "sqlite:///x.db",
        date(2026, 3, 1),
        4,
    )


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.database_url, settings.today) == ("127.0.0.1", 8080, "sqlite:///dfdg-emulator.db", None)


def test_command_line_options_win_over_the_environment(monkeypatch):
    import argparse

    from service.cli import _settings

    monkeypatch.setenv("DFDG_PORT", "9090")
    monkeypatch.setenv("DFDG_TODAY", "2026-03-01")
    args = argparse.Namespace(host=None, port=7070, database_url=None, today=date(2027, 1, 1), threads=None)
    settings = _settings(args)
    assert (settings.port, settings.today) == (7070, date(2027, 1, 1))


def test_connection_settings_from_the_environment_reach_waitress():
    from service.cli import waitress_options

    settings = Settings.from_env(
        {"DFDG_CONNECTION_LIMIT": "2000", "DFDG_IDLE_TIMEOUT": "8", "DFDG_BACKLOG": "64", "DFDG_MAX_REQUEST_BYTES": "5000"}
    )
    options = waitress_options(settings)
    assert (options["connection_limit"], options["channel_timeout"], options["cleanup_interval"], options["backlog"]) == (2000, 8, 4, 64)
    assert options["max_request_body_size"] == 50_000 and options["asyncore_use_poll"] is True
    assert settings.max_request_bytes == 5000


def test_safe_connection_defaults():
    settings = Settings()
    assert settings.connection_limit >= 1000 and settings.idle_timeout <= 30


def test_a_non_positive_limit_is_refused():
    import pytest

    with pytest.raises(ValueError, match="DFDG_CONNECTION_LIMIT"):
        Settings.from_env({"DFDG_CONNECTION_LIMIT": "0"})


def test_readme_describes_every_setting_as_config_py_does():
    from service.tools.tabeldoc import README, SETTINGS, section_in

    assert section_in(README, *SETTINGS) == settings_markdown(), "run `dfdg-emulator docs --write`"


def test_serve_help_names_each_environment_variable(capsys):
    from service.cli import main

    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help
    assert all(f"env {env}" in out for env in ENV.values())


def test_waitress_does_not_log_a_warning_for_every_queued_request() -> None:
    """waitress's "Task queue depth" warning fired for every request waiting for a thread (issue 8 item 10)."""
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert not logging.getLogger("waitress.queue").isEnabledFor(logging.WARNING)
    assert logging.getLogger("waitress.queue").isEnabledFor(logging.ERROR)
