"""``python -m generator`` and the ``prakat`` command: start the PDF process of
one edition before anything else is imported (see commands/aside.py), then
run the command."""

import sys


def main() -> None:
    from generator.commands import aside

    aside.start_early(sys.argv[1:])
    from generator.cli import main as command

    command()


if __name__ == "__main__":
    main()
