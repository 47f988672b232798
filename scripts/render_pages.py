"""Render the examples' reports to PNG pages for people to look at (not run in CI).

For each workbook: ``ghgcalc report`` writes the .docx, .xlsx and .html in each
language; LibreOffice turns the .docx and .xlsx into PDF, Chromium prints the
.html to PDF (its print CSS, A4), and ``pdftoppm`` makes one PNG per page::

    python scripts/render_pages.py                       # every example, vi and en -> pages/
    python scripts/render_pages.py examples/cement_plant.xlsx --lang vi --formats docx --dpi 80
    python scripts/render_pages.py --readme              # docs/form06_page1.png (README picture)
    python scripts/render_pages.py --readme-plan         # docs/mac_curve.png (README picture of the plan)

Pages land in ``<out>/<stem>.<lang>.<format>/page-NN.png``; open them and read
them as the officer who receives the report would. Needs ``soffice``
(LibreOffice), ``chromium`` (or ``chromium-browser``/``google-chrome``) and
``pdftoppm`` (poppler) on PATH; a missing tool skips its formats with a message.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README_EXAMPLE = ROOT / "examples" / "hai_phong_garment.xlsx"
README_PNG = ROOT / "docs" / "form06_page1.png"
PLAN_EXAMPLE = ROOT / "examples" / "dong_thap_pangasius.xlsx"
PLAN_PNG = ROOT / "docs" / "mac_curve.png"
AS_OF = "2026-11-23"  # the examples' reports are dated, so the pictures do not change from day to day


def _tool(*names: str) -> str | None:
    return next((p for n in names if (p := shutil.which(n))), None)


def _run(cmd: list[str], timeout: float = 180) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} …: exit {done.returncode}\n{done.stderr[-2000:]}")


def to_pdf(path: Path, work: Path) -> Path:
    """A .docx/.xlsx through LibreOffice, a .html through Chromium's print (A4, the page's print CSS)."""
    if path.suffix == ".html":
        chromium = _tool("chromium", "chromium-browser", "google-chrome")
        if chromium is None:
            raise RuntimeError("chromium not found: html pages skipped")
        pdf = work / f"{path.stem}.html.pdf"
        _run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
              f"--print-to-pdf={pdf}", path.resolve().as_uri()])
        return pdf
    soffice = _tool("soffice", "libreoffice")
    if soffice is None:
        raise RuntimeError("soffice (LibreOffice) not found: docx/xlsx pages skipped")
    profile = (work / "lo-profile").resolve().as_uri()  # own profile: runs beside an open LibreOffice
    out = work / path.suffix.lstrip(".")
    _run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
          str(path)])
    return out / f"{path.stem}.pdf"


def to_png(pdf: Path, folder: Path, dpi: int, first: int | None = None, last: int | None = None) -> list[Path]:
    pdftoppm = _tool("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm (poppler-utils) not found")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    _run([pdftoppm, "-r", str(dpi), "-png", *pages, str(pdf), str(folder / "page")])
    return sorted(folder.glob("page-*.png"))


def report(workbook: Path, lang: str, formats: list[str], work: Path) -> dict[str, Path]:
    """The example's reports in ``lang``, written by the CLI as a user would."""
    outs = {f: work / f"{workbook.stem}.{lang}.{f}" for f in formats}
    cmd = [sys.executable, "-m", "ghgcalc", "report", str(workbook), "--lang", lang, "--as-of", AS_OF]
    for p in outs.values():
        cmd += ["-o", str(p)]
    _run(cmd)
    return outs


def render(workbooks: list[Path], langs: list[str], formats: list[str], out: Path, dpi: int) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ghgcalc-pages-") as tmp:
        work = Path(tmp)
        for wb in workbooks:
            for lang in langs:
                try:
                    files = report(wb, lang, formats, work)
                except RuntimeError as exc:
                    print(f"{wb.name} ({lang}): report failed: {exc}", file=sys.stderr)
                    failures += 1
                    continue
                for fmt, path in files.items():
                    try:
                        pngs = to_png(to_pdf(path, work), out / f"{wb.stem}.{lang}.{fmt}", dpi)
                    except (RuntimeError, subprocess.TimeoutExpired) as exc:
                        print(f"{path.name}: {exc}", file=sys.stderr)
                        failures += 1
                        continue
                    print(f"{path.name}: {len(pngs)} pages -> {pngs[0].parent}")
    return 1 if failures else 0


def readme_page(dpi: int = 100) -> int:
    """Page 1 of the Vietnamese Form 06 of the README's example, as ``docs/form06_page1.png``."""
    with tempfile.TemporaryDirectory(prefix="ghgcalc-pages-") as tmp:
        work = Path(tmp)
        docx = report(README_EXAMPLE, "vi", ["docx"], work)["docx"]
        png = to_png(to_pdf(docx, work), work / "png", dpi, first=1, last=1)[0]
        README_PNG.parent.mkdir(exist_ok=True)
        try:  # a page is black text on white with a yellow mark: 32 colours keep it sharp at a third of the size
            from PIL import Image

            Image.open(png).convert("RGB").quantize(colors=32).save(README_PNG, optimize=True)
        except ImportError:
            shutil.copyfile(png, README_PNG)
    print(f"{README_PNG.relative_to(ROOT)} ({README_PNG.stat().st_size // 1024} kB)")
    return 0


def readme_plan(scale: int = 2) -> int:
    """The marginal abatement cost curve of the plan example (``ghgcalc plan … -o x.html``, Vietnamese), cut
    from the page and shot by headless Chromium, as ``docs/mac_curve.png``."""
    import re

    chromium = _tool("chromium", "chromium-browser", "google-chrome")
    if chromium is None:
        print("chromium not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ghgcalc-pages-") as tmp:
        work = Path(tmp)
        page = work / "plan.vi.html"
        _run([sys.executable, "-m", "ghgcalc", "plan", str(PLAN_EXAMPLE), "--lang", "vi", "--as-of", AS_OF,
              "-o", str(page)])
        text = page.read_text("utf-8")
        figure = next(f for f in re.findall(r"<figure>.*?</figure>", text, flags=re.S) if "viewBox='0 0 720" in f)
        height = int(re.search(r"viewBox='0 0 720 (\d+)'", figure).group(1))  # type: ignore[union-attr]
        css = re.search(r"<style>(.*?)</style>", text, flags=re.S).group(1)  # type: ignore[union-attr]
        one = work / "mac.html"
        one.write_text(f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><style>{css} body {{ margin: 8px; "
                       f"max-width: 736px; }}</style></head><body>{figure}</body></html>", encoding="utf-8")
        shot = work / "mac.png"
        _run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              f"--force-device-scale-factor={scale}", f"--window-size=752,{height + 60}", f"--screenshot={shot}",
              one.resolve().as_uri()])
        PLAN_PNG.parent.mkdir(exist_ok=True)
        try:
            from PIL import Image

            Image.open(shot).convert("RGB").quantize(colors=64).save(PLAN_PNG, optimize=True)
        except ImportError:
            shutil.copyfile(shot, PLAN_PNG)
    print(f"{PLAN_PNG.relative_to(ROOT)} ({PLAN_PNG.stat().st_size // 1024} kB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workbooks", nargs="*", type=Path, help="workbooks (default: examples/*.xlsx)")
    ap.add_argument("--lang", action="append", choices=["vi", "en"], help="language(s) (default: vi and en)")
    ap.add_argument("--formats", default="docx,xlsx,html", help="comma-separated: docx, xlsx, html")
    ap.add_argument("--out", type=Path, default=Path("pages"), help="folder for the pages (default: pages/)")
    ap.add_argument("--dpi", type=int, default=60, help="resolution of the PNG pages (default 60)")
    ap.add_argument("--readme", action="store_true", help=f"write {README_PNG.relative_to(ROOT)} only (100 dpi)")
    ap.add_argument("--readme-plan", action="store_true", help=f"write {PLAN_PNG.relative_to(ROOT)} only")
    args = ap.parse_args(argv)
    if args.readme:
        return readme_page()
    if args.readme_plan:
        return readme_plan()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("docx", "xlsx", "html")]
    if bad:
        ap.error(f"unknown format(s) {', '.join(bad)}: use docx, xlsx, html")
    workbooks = args.workbooks or sorted((ROOT / "examples").glob("*.xlsx"))
    return render(workbooks, args.lang or ["vi", "en"], formats, args.out, args.dpi)


if __name__ == "__main__":
    sys.exit(main())
