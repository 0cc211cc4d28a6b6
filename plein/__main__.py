"""The `plein` console command: runs every Django management command with Plein's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Plein's own commands read best with hyphens (plein import-hsds); Django names them with _.
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
