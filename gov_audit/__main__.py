"""`python -m gov_audit`: the command line, as `govaudit`."""
from .cli import run

if __name__ == "__main__":
    run()
