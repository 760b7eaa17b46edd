"""`ppei templates`: list the templates found, check one file, import a REFI-QDA codebook.

Kept out of cli.py, which every start imports, as member_commands.py keeps `shade`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ppei_tui.config import Config
from ppei_tui.domain.controls import one_line


def templates_command(args: argparse.Namespace, config: Config) -> int:
    """`ppei templates` (list), `templates check FILE`, `templates import FILE.qdc`: the status."""
    from ppei_tui.domain.template import TemplateError
    from ppei_tui.domain.wording import count as count_of
    from ppei_tui.outputs.printed import say, warn
    from ppei_tui.templates import load_template_file

    if args.templates_command == "import":
        return _import_codebook(args)
    if args.templates_command == "check":
        try:
            template = load_template_file(args.file)
        except TemplateError as error:  # its lines name the file (and line, column) already
            warn(f"ppei templates check: {error}")
            return 1
        from ppei_tui.outputs.pdf_map import layout_problems

        too_large = layout_problems(template)
        for problem in too_large:
            warn(f"{args.file}: {problem}")
        if too_large:
            return 1
        verbs = sum(len(e.verbs) for e in template.elements)
        say(
            f"{args.file}: ok: {template.name} ({template.id} v{template.version}), "
            f"{count_of(len(template.elements), 'element')}, {count_of(verbs, 'verb')}, "
            f"{count_of(len(template.practice_sets), 'practice set')}"
        )
        return 0
    status = 0
    for entry in config.templates.entries():
        if entry.template is not None:
            t = entry.template
            codes = " ".join(e.code for e in t.elements)
            # one row each: a name or file name holding a line break is drawn with ⏎ (domain/controls)
            path = one_line(str(entry.path))
            say(f"{t.id:<24} v{t.version:<6} {one_line(t.name)}  [{one_line(codes)}]  {path}")
        else:
            status = 1
            say(
                f"{'(invalid)':<24} {one_line(str(entry.path))}:\n  " + str(entry.error).replace("\n", "\n  ")
            )
    return status


def _import_codebook(args: argparse.Namespace) -> int:
    import yaml

    from ppei_tui.domain.template import TemplateError
    from ppei_tui.domain.wording import count as count_of
    from ppei_tui.outputs.exports import ExportExistsError, write_export
    from ppei_tui.outputs.printed import say, warn
    from ppei_tui.outputs.refi_import import import_codebook
    from ppei_tui.storage.sessionfile import read_regular_file

    try:
        try:
            data = read_regular_file(args.file)  # a folder or a pipe is refused, not read or waited on
        except OSError as error:
            warn(f"ppei templates import: {args.file}: cannot read: {error.strerror or error}")
            return 1
        imported = import_codebook(data, str(args.file))
        template = imported.template
        output = args.output or Path("observation_templates") / f"{template.id}.yaml"
        text = f"# Imported from {args.file.name} by ppei templates import; edit freely.\n"
        text += yaml.safe_dump(template.to_dict(), sort_keys=False, allow_unicode=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        write_export(output, text.encode("utf-8"), args.force)
    except (TemplateError, ExportExistsError, OSError) as error:
        warn(f"ppei templates import: {error}")
        return 1
    for line in imported.flattened:
        say(f"flattened: {line}")
    verbs = sum(len(e.verbs) for e in template.elements)
    say(
        f"{output}: template {template.id}, {count_of(len(template.elements), 'element')}, "
        f"{count_of(verbs, 'verb')}"
    )
    return 0
