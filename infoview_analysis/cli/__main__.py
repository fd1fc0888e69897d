"""`python -m infoview_analysis.cli ...`: the `infoview` command without its script."""

from infoview_analysis.cli.main import main

__all__: list[str] = []

if __name__ == "__main__":
    main(prog_name="infoview")
