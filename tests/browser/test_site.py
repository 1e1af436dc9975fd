"""The built website, checked in a real browser: links, figures, search, downloads."""

from __future__ import annotations

import importlib
import inspect
import os
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.request import urlopen

import pytest

from .conftest import SCREENSHOTS, SITE

pytestmark = pytest.mark.browser

LESSON_PAGES = sorted(
    path.relative_to(SITE).as_posix()
    for path in (SITE / "auto_examples").glob("*/*.html")
    if path.name not in ("index.html", "sg_execution_times.html")
)


class _Collector(HTMLParser):
    """Links, ids and image sources of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.images = [], set(), []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "img" and attributes.get("src"):
            self.images.append((attributes["src"], attributes.get("alt", "")))


def _parse(path):
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_there_are_lessons():
    assert len(LESSON_PAGES) >= 1


def test_no_broken_internal_link_or_missing_image():
    """Every internal link and image of every page points at a file (and anchor) that exists."""
    pages = {path.relative_to(SITE).as_posix(): _parse(path) for path in SITE.rglob("*.html")}
    broken = []
    for name, parsed in pages.items():
        base = f"http://site/{name}"
        for href in parsed.links + [src for src, _ in parsed.images]:
            url = urljoin(base, href)
            if urlparse(url).netloc != "site" or href.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = urldefrag(url)
            path = urlparse(target).path.lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if not (SITE / path).exists():
                broken.append(f"{name}: {href}")
            elif fragment and path.endswith(".html") and fragment not in pages[path].ids:
                broken.append(f"{name}: {href} (no anchor #{fragment})")
    assert broken == []


def test_every_class_and_function_an_api_module_exports_is_documented_on_its_page():
    """Each class, exception and function in an API module's ``__all__`` has its entry there.

    (Constants are documented by ``#:`` comments in the module that defines them; a
    package that gathers constants from its modules does not list them.)
    """
    pages = sorted((SITE / "api" / "generated").glob("course*.html"))
    assert len(pages) > 30
    missing = []
    for path in pages:
        ids = _parse(path).ids
        module = importlib.import_module(path.stem)
        for name in module.__all__:
            value = getattr(module, name)
            if not (inspect.isclass(value) or inspect.isfunction(value)):
                continue
            if f"{path.stem}.{name}" not in ids:
                missing.append(f"{path.stem}.{name}")
    assert missing == []


def test_figures_have_alt_text():
    missing = []
    for name in LESSON_PAGES:
        for src, alt in _parse(SITE / name).images:
            if "sphx_glr" in src and not alt.strip():
                missing.append(f"{name}: {src}")
    assert missing == []


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_lesson_page_shows_its_figures(page, site_url, name):
    """Each lesson page renders, and every figure on it has loaded in the browser."""
    page.goto(f"{site_url}/{name}")
    page.wait_for_load_state("load")
    figures = page.eval_on_selector_all(
        "img.sphx-glr-single-img, img.sphx-glr-multi-img",
        "images => images.map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])",
    )
    assert figures, f"{name} shows no figure"
    assert all(loaded for _, loaded in figures), [src for src, ok in figures if not ok]
    text = page.inner_text("article")
    leaks = ("Traceback (most recent call last)", "Warning:", "/root/", "/tmp/", "site-packages")
    for leak in leaks:
        assert leak not in text, f"{name} shows {leak!r}"


def test_search_returns_lesson_pages(page, site_url):
    page.goto(f"{site_url}/search.html?q=spike")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any("/auto_examples/" in href for href in hrefs), hrefs[:10]


def test_download_links_resolve(page, site_url):
    """Each lesson offers its .py and .ipynb, and the gallery offers archives of all."""
    names = LESSON_PAGES[:3]
    checked = []
    for name in names:
        page.goto(f"{site_url}/{name}")
        hrefs = page.eval_on_selector_all("a.download", "as => as.map(a => a.href)")
        assert any(h.endswith(".py") for h in hrefs), hrefs
        assert any(h.endswith(".ipynb") for h in hrefs), hrefs
        checked += hrefs
    page.goto(f"{site_url}/auto_examples/index.html")
    archives = page.eval_on_selector_all("a.download", "as => as.map(a => a.href)")
    assert any(h.endswith(".zip") for h in archives), archives
    for href in checked + archives:
        with urlopen(href) as response:
            assert response.status == 200
            assert len(response.read()) > 100


def test_launch_button_opens_the_lesson_notebook_on_the_hub(page, site_url):
    """Only a build that knows the public repository (COURSE_REPOSITORY) has the button."""
    page.goto(f"{site_url}/{LESSON_PAGES[0]}")
    if not os.environ.get("COURSE_REPOSITORY"):
        assert page.locator("a.hub-launch-button").count() == 0
        return
    href = page.get_attribute("a.hub-launch-button", "href")
    assert "/hub/user-redirect/git-pull?" in href
    notebook = LESSON_PAGES[0].removeprefix("auto_examples/").removesuffix(".html") + ".ipynb"
    assert notebook.replace("/", "%2F") in href


def test_screenshots_for_review(page, site_url):
    """Landing page and one lesson, saved for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{site_url}/index.html")
    page.screenshot(path=str(SCREENSHOTS / "landing.png"), full_page=True)
    page.goto(f"{site_url}/{LESSON_PAGES[0]}")
    page.screenshot(path=str(SCREENSHOTS / "lesson.png"), full_page=True)
    assert (SCREENSHOTS / "landing.png").stat().st_size > 10_000


# --- reading aids: folded worked solutions, section recaps, alternative text --------

EXERCISE_PAGES = [name for name in LESSON_PAGES if name.startswith("auto_examples/04_exercises/")]
SECTION_INDEXES = sorted(
    path.relative_to(SITE).as_posix() for path in (SITE / "auto_examples").glob("*/index.html")
)


@pytest.mark.parametrize("name", EXERCISE_PAGES)
def test_the_worked_solution_is_folded_until_opened(page, site_url, name):
    """Lessons 21-25 mark one section ``.. rst-class:: worked-solution``; the page
    shows its heading and a closed fold; opening it shows the solution's code."""
    page.goto(f"{site_url}/{name}")
    sections = page.locator("section.worked-solution")
    assert sections.count() == 1, f"{name} marks {sections.count()} worked solutions"
    fold = sections.first.locator(":scope > details.worked-solution-fold")
    assert fold.count() == 1
    assert fold.evaluate("details => details.open") is False
    heading = sections.first.locator(":scope > h2, :scope > h3").first
    assert heading.is_visible()
    code = fold.locator("div.highlight").first
    assert not code.is_visible()
    fold.locator(":scope > summary").click()
    assert fold.evaluate("details => details.open") is True
    assert code.is_visible()


@pytest.mark.parametrize("name", EXERCISE_PAGES)
def test_a_link_into_the_worked_solution_opens_it(page, site_url, name):
    """A shared link, or the page's table of contents, may point at the solution's
    heading or at a part inside it: either opens the fold."""
    page.goto(f"{site_url}/{name}")
    assert page.locator("section.worked-solution").count() == 1, f"{name}: no worked solution"
    section = page.locator("section.worked-solution").first
    inside = section.locator("details.worked-solution-fold [id]")
    anchors = [section.get_attribute("id")]
    if inside.count():
        anchors.append(inside.first.get_attribute("id"))
    for anchor in anchors:
        page.goto(f"{site_url}/{name}")
        page.goto(f"{site_url}/{name}#{anchor}")
        page.wait_for_load_state("load")
        fold = page.locator("details.worked-solution-fold").first
        assert fold.evaluate("details => details.open") is True, anchor


def test_the_downloaded_exercise_scripts_keep_the_worked_solution_whole():
    """The fold is the website's only: the .py a learner downloads has every line."""
    for name in EXERCISE_PAGES:
        script = (SITE / name).with_suffix(".py").name
        (downloaded,) = (SITE / "_downloads").rglob(script)
        text = downloaded.read_text(encoding="utf-8")
        assert ".. rst-class:: worked-solution" in text
        compile(text, script, "exec")  # whole and runnable Python


@pytest.mark.parametrize("name", SECTION_INDEXES)
def test_each_section_ends_with_a_recap_below_its_lessons(page, site_url, name):
    page.goto(f"{site_url}/{name}")
    order = page.evaluate(
        """() => {
            const thumbs = document.querySelector('div.sphx-glr-thumbnails');
            const recap = document.querySelector('section.section-recap');
            if (!thumbs || !recap) return null;
            return thumbs.compareDocumentPosition(recap) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order, f"{name}: no recap after the thumbnails"
    questions = page.locator("section.section-recap details.sd-dropdown")
    assert 3 <= questions.count() <= 5
    assert all(not q.evaluate("d => d.open") for q in questions.all())
    first = questions.first
    answer = first.locator("div.sd-summary-content")
    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible()


def test_the_page_of_all_lessons_carries_no_recap(page, site_url):
    page.goto(f"{site_url}/auto_examples/index.html")
    assert page.locator("section.section-recap").count() == 0


def test_figures_say_what_they_show():
    """Alternative text from each figure's labels (docs/_figure_alt.py), not its file name."""
    vague = []
    for name in LESSON_PAGES:
        for src, alt in _parse(SITE / name).images:
            figure = "sphx_glr" in src and "/thumb/" not in src
            if figure and (not alt.startswith("Figure") or "sphx_glr" in alt or len(alt) < 25):
                vague.append(f"{name}: {alt!r}")
    assert vague == []


# --- accessibility: axe-core finds no serious or critical violation -----------------

AUDITED_PAGES = [
    "index.html",
    "getting_started.html",
    "faq.html",
    "glossary.html",
    "resources.html",
] + [  # the first lesson of each section
    next(name for name in LESSON_PAGES if name.startswith(index.removesuffix("index.html")))
    for index in SECTION_INDEXES
]


@pytest.mark.parametrize("name", AUDITED_PAGES)
def test_no_serious_accessibility_violation(page, site_url, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/{name}")
    page.wait_for_load_state("load")
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
