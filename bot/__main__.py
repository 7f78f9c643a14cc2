"""``python -m bot``: starts the Discord bot; with a command, the same CLI as ``precis``."""

import sys

from bot.cli import main

sys.exit(main())
