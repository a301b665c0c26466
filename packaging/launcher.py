"""The bundle's one program: ``digitalmotor-desktop [FILE]`` opens the window,
``digitalmotor-desktop COMMAND …`` is the command line (``digitalmotor``)."""

import sys


def main() -> int:
    from digitalmotor_desktop import cli

    commands = {name for names in cli.COMMAND_MODULES.values() for name in names}
    if len(sys.argv) > 1 and sys.argv[1] in commands | {"-h", "--help", "--version"}:
        return cli.main()
    from digitalmotor_desktop.gui import app  # Qt only when a window is wanted

    return app.main()


if __name__ == "__main__":
    sys.exit(main())
