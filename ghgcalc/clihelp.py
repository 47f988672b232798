"""The command line's ``--help`` and usage errors in the language asked.

One language for every command: ``ghgcalc --lang vi …`` (before the command),
``--lang vi`` on a command that has it, else ``$GHGCALC_LANG`` (``vi`` or
``en``), else English. ``ghgcalc report --lang vi --help`` and
``GHGCALC_LANG=vi ghgcalc report --help`` both print Vietnamese help.

The English help stays beside each command and option in :mod:`ghgcalc.cli`;
the catalogue (``ghgcalc/locale/<lang>.po``) holds it under stable keys:
``cli.<command path>`` for a command (``cli.report``, ``cli.factors.list``,
``cli.main`` for the group) and ``cli.<command path>.<option name>`` for an
option, or ``cli.opt.<option name>`` for the options every command shares
(``lang``, ``as_of``, ``debug``, ``help``, ``version``). A test keeps the English
entries equal to :mod:`ghgcalc.cli`'s text and the Vietnamese ones complete.
"""

from __future__ import annotations

import copy
import inspect
import os
import re
import sys
from collections.abc import Sequence
from typing import IO, Any

import click

#: Where the language found on the command line is kept (``ctx.meta`` is shared by nested commands).
LANG_META = "ghgcalc.lang"
LANGS = ("vi", "en")
#: Options of every command, translated once under ``cli.opt.<name>``.
SHARED = ("lang", "as_of", "debug", "help", "version")


def env_lang() -> str:
    """``$GHGCALC_LANG`` when it is a language ghgcalc speaks, else English."""
    value = os.environ.get("GHGCALC_LANG", "")
    return value if value in LANGS else "en"


def lang_in(args: Sequence[str]) -> str | None:
    """The last ``--lang X`` / ``--lang=X`` of ``args`` (X a known language), or None."""
    found = None
    for i, a in enumerate(args):
        value = args[i + 1] if a == "--lang" and i + 1 < len(args) else a[7:] if a.startswith("--lang=") else None
        if value in LANGS:
            found = value
    return found


def current_lang(ctx: click.Context | None = None) -> str:
    """The language of this run: ``--lang`` seen on the command line, else ``$GHGCALC_LANG``, else en."""
    ctx = ctx or click.get_current_context(silent=True)
    lang = ctx.meta.get(LANG_META) if ctx is not None else None
    return str(lang) if lang in LANGS else env_lang()


def default_lang() -> str:
    """Default of a command's ``--lang``: the group's ``--lang``, else ``$GHGCALC_LANG``, else en."""
    ctx = click.get_current_context(silent=True)
    lang = ctx.meta.get(LANG_META + ".group") if ctx is not None else None
    return str(lang) if lang in LANGS else env_lang()


def remember_group_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Callback of ``ghgcalc --lang``: the default language of the command that follows."""
    if value:
        ctx.meta[LANG_META + ".group"] = value
        ctx.meta.setdefault(LANG_META, value)
    return value


def path_key(ctx: click.Context) -> str:
    """``cli.report``, ``cli.factors.list``; ``cli.main`` for the group itself."""
    parts: list[str] = []
    while ctx.parent is not None:  # the root's name is the program's (ghgcalc, python -m ghgcalc)
        parts.insert(0, str(ctx.info_name))
        ctx = ctx.parent
    return "cli." + (".".join(parts) if parts else "main")


def _t(key: str, english: str, lang: str) -> str:
    from . import l10n

    return l10n.t(key, lang) if lang != "en" and l10n.has(key, lang) else english


def _w(word: str, lang: str) -> str:
    from . import l10n

    return l10n.t(f"cli.word.{word}", lang)


def _short_help(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut at a word to ``limit`` characters with '...' (as click's list)."""
    first = " ".join(text.split("\n\n")[0].split())
    m = re.match(r"(.+?\.)(?:\s|$)", first)
    first = m.group(1) if m else first
    if len(first) <= limit:
        return first
    return first[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def param_key(ctx: click.Context, name: str) -> str:
    """The catalogue key of an option's help in the command of ``ctx`` (its own key first, then the shared one)."""
    from . import l10n

    name = "help" if name.endswith("default_help") else name  # click names its help option _click_default_help
    own = f"{path_key(ctx)}.{name}"
    return f"cli.opt.{name}" if name in SHARED and not l10n.has(own, "en") else own


#: What an option takes, as click writes it, and the catalogue word that names it (``cli.word.metavar_<name>``).
_METAVARS = {"INTEGER RANGE": "integer", "FLOAT RANGE": "number", "[%Y-%m-%d]": "date", "YYYY-MM-DD": "date",
             "INTEGER": "integer", "FLOAT": "number", "TEXT": "text", "FILE": "file", "PATH": "path",
             "DRAWS": "draws"}
_METAVAR = re.compile("|".join(re.escape(k) + (r"\b" if k[-1].isalnum() else "") for k in _METAVARS))


def _localised_record(param: click.Parameter, ctx: click.Context, lang: str) -> tuple[str, str] | None:
    if lang == "en" or not isinstance(param, click.Option):
        return param.get_help_record(ctx)
    local = copy.copy(param)
    local.help = _t(param_key(ctx, str(param.name)), param.help or "", lang)
    record = local.get_help_record(ctx)
    if record is None:
        return None
    spec, text = record
    # "-o, --output FILE": option names are lower case, what the option takes is upper case
    spec = _METAVAR.sub(lambda m: _w(f"metavar_{_METAVARS[m.group(0)]}", lang), spec)

    def extra(m: re.Match[str]) -> str:
        inner = m.group(1).replace("default: ", _w("default", lang) + ": ").replace("required", _w("required", lang))
        return f"[{inner}]"

    return spec, re.sub(r"\[([^\[\]]*)\]$", extra, text)


class LocalisedCommand(click.Command):
    """A command whose help and usage errors speak the run's language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = lang_in(args)  # before click parses: --help is eager and would print before --lang is read
        if lang:
            ctx.meta[LANG_META] = lang
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang(ctx)
        pieces = self.collect_usage_pieces(ctx)
        if lang != "en":
            pieces = [p.replace("[OPTIONS]", _w("options_metavar", lang))
                      .replace("COMMAND [ARGS]...", _w("command_metavar", lang)) for p in pieces]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_w("usage", lang) + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang(ctx)
        if lang == "en" or self.help is None:
            return super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(_t(path_key(ctx), inspect.cleandoc(self.help), lang))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang(ctx)
        # an argument without help text (click 8.5 gives it a record) is already named in the usage line
        params = [p for p in self.get_params(ctx)
                  if not (isinstance(p, click.Argument) and not getattr(p, "help", None))]
        rows = [r for p in params if (r := _localised_record(p, ctx, lang)) is not None]
        if rows:
            with formatter.section(_w("options", lang)):
                formatter.write_dl(rows)

    def short_help_in(self, ctx: click.Context, name: str, limit: int) -> str:
        """The first sentence of this command's help in the run's language (for the group's list)."""
        lang = current_lang(ctx)
        if lang == "en" or self.short_help:
            return self.get_short_help_str(limit)
        text = _t(f"{path_key(ctx)}.{name}".replace("cli.main.", "cli."), inspect.cleandoc(self.help or ""), lang)
        return _short_help(text, limit)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise localised_usage_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise localised_usage_error(exc) from None


class LocalisedGroup(LocalisedCommand, click.Group):
    """The ``ghgcalc`` group (and ``ghgcalc factors``): commands made in it are localised too."""

    command_class = LocalisedCommand
    group_class = type  # a sub-group is of this class

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        LocalisedCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang(ctx)
        if lang == "en":
            return click.Group.format_commands(self, ctx, formatter)
        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) and not c.hidden]
        if not commands:
            return None
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        rows = [(n, c.short_help_in(ctx, n, limit) if isinstance(c, LocalisedCommand) else c.get_short_help_str(limit))
                for n, c in commands]
        with formatter.section(_w("commands", lang)):
            formatter.write_dl(rows)
        return None


class _LocalisedUsageError(click.UsageError):
    """A usage error shown in the run's language (usage line, help hint, message)."""

    def __init__(self, message: str, ctx: click.Context | None, lang: str) -> None:
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        if self.lang == "en":
            return super().show(file)
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            lines.append(_w("try_help", self.lang).format(command=f"{self.ctx.command_path} --help"))
            lines.append("")
        lines.append(_w("error", self.lang).format(message=self.format_message()))
        click.echo("\n".join(lines), file=file or sys.stderr)
        return None


def localised_usage_error(exc: click.UsageError) -> click.UsageError:
    """``exc`` as a usage error that shows in the run's language (its message translated where vi.po can)."""
    if isinstance(exc, _LocalisedUsageError):
        return exc
    lang = current_lang(exc.ctx)
    message = exc.format_message()
    if lang == "vi":
        from .errors import vietnamese

        message = vietnamese(message) or message
    return _LocalisedUsageError(message, exc.ctx, lang)  # exit status 2, as every usage error
