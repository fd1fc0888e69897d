"""Headless Chromium for the browser tests: where it is, how it starts, when to skip."""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["BROWSER_ARGS", "CHROMIUM", "needs_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    # WebGL through SwiftShader for the network map (sigma.js); no GPU needed
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)
