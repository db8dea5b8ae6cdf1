"""Screenshots of the dashboard at 1400x1000 in a real headless Chromium, outside hosts blocked.

    PYTHONPATH=. python3 scripts/dashboard_screenshots.py STORE OUT.png [STORE2 OUT2.png ...]

Each STORE is served with `streamlit run app.py` (CONFLICTMAP_DB=STORE; an empty or
missing store opens on the sample corpus) and shot once the map has drawn its places
and territory. Used for docs/dashboard.png (the seeds) and docs/dashboard_multiwar.png.
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _serve, idle, map_frame, offline_context  # noqa: E402


def shoot(store: Path, out: Path, browser) -> None:
    serving = _serve(store, out.with_suffix(".log"))
    url = next(serving)
    try:
        ctx, external = offline_context(browser, url, height=1000)
        page = ctx.new_page()
        page.goto(url, wait_until="domcontentloaded")
        frame = map_frame(page)
        frame.wait_for_function("document.querySelectorAll('path.cm-territory').length > 0", timeout=60_000)
        idle(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out))
        ctx.close()
        if external:
            raise SystemExit(f"the page tried to reach the network: {external}")
        print(f"{out}: {store}")
    finally:
        serving.close()
        out.with_suffix(".log").unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or len(argv) % 2:
        raise SystemExit(__doc__)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for store, out in zip(argv[::2], argv[1::2]):
            shoot(Path(store), Path(out), browser)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
