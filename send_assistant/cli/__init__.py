"""The command line: `send-assistant` (main.py) and one module per sub-command, each `run(args, settings) -> int`."""
