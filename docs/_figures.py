"""The lessons' figures on the website: one style, and alternative text that says
what each figure shows.

sphinx-gallery resets Matplotlib before each lesson; :func:`apply_course_style`
(a reset hook) then applies the course's style, as ``import course.plotting``
does in a learner's run. Its Matplotlib scraper gives a figure the ``alt`` text of
its titles, or its file name when it has none, so a screen reader says "Spikes" for
a raster, or "sphx_glr_21_task1_simple_network_001". :func:`scraper` wraps that
scraper and writes instead what the figure plots, read from the figure itself: its
title, and for each panel its title, what is plotted against what (the axis
labels), its legend entries and its colour scale, e.g. "Panel 1 of 2, Membrane
potential: v (mV) against time (ms); legend: cell 0, cell 1".

``docs/conf.py`` names both hooks by import path (``"_figures.scraper"``).
"""

from __future__ import annotations

import re


def _clean(text: str) -> str:
    """One line of plain text: no TeX markup, no line breaks, no repeated spaces."""
    text = re.sub(r"\\(mathrm|text|rm)\{([^}]*)\}", r"\2", text)
    text = text.replace("$", "").replace("\\", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def _is_colorbar(ax) -> bool:
    return getattr(ax, "_colorbar", None) is not None


def _colorbar_label(ax) -> str:
    colorbar = ax._colorbar
    label = ax.get_ylabel() if colorbar.orientation == "vertical" else ax.get_xlabel()
    return _clean(label)


def _label(ax, axis: str) -> str:
    """An axis's label, or that of a panel sharing the axis (which often shows it once)."""
    own = ax.get_xlabel() if axis == "x" else ax.get_ylabel()
    if own:
        return own
    shared = ax.get_shared_x_axes() if axis == "x" else ax.get_shared_y_axes()
    for sibling in shared.get_siblings(ax):
        label = sibling.get_xlabel() if axis == "x" else sibling.get_ylabel()
        if label:
            return label
    return ""


def panel_description(ax) -> str:
    """What one axes shows: its title, y against x, legend entries, notes on it."""
    parts = []
    title = _clean(
        " ".join(t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t)
    )
    xlabel, ylabel = _clean(_label(ax, "x")), _clean(_label(ax, "y"))
    if ylabel and xlabel:
        parts.append(f"{ylabel} against {xlabel}")
    elif ylabel or xlabel:
        parts.append(ylabel or xlabel)
    legend = ax.get_legend()
    if legend is not None:
        entries = [_clean(text.get_text()) for text in legend.get_texts()]
        if any(entries):
            parts.append("legend: " + ", ".join(entry for entry in entries if entry))
    notes = [_clean(text.get_text()) for text in ax.texts if text.get_text().strip()]
    if notes and not (ylabel or xlabel):
        parts.append("Text: " + "; ".join(notes))
    body = "; ".join(parts) or "no labels"
    return f"{title}: {body}" if title else body


def figure_description(fig) -> str:
    """The alternative text of one figure: its title, then each panel."""
    suptitle = getattr(fig, "_suptitle", None)
    heading = _clean(suptitle.get_text()) if suptitle is not None else ""
    panels = [ax for ax in fig.axes if ax.get_visible() and not _is_colorbar(ax)]
    scales = [_colorbar_label(ax) for ax in fig.axes if _is_colorbar(ax)]
    described = [panel_description(ax) for ax in panels]
    if len(described) == 1:
        sentences = [described[0]]
    else:
        sentences = [
            f"Panel {i} of {len(described)}, {text}" for i, text in enumerate(described, start=1)
        ]
    if scales:
        sentences.append("Colour scale: " + ", ".join(scale or "unlabelled" for scale in scales))
    # Titles and labels keep their own case: a title may be code, "sim.run(30.0) twice".
    text = ". ".join(sentence for sentence in sentences if sentence)
    figure = f"Figure: {heading}. " if heading else "Figure. "
    return figure + text + "."


def replace_alt_texts(rst: str, descriptions: list[str]) -> str:
    """Put ``descriptions`` into the ``:alt:`` options of ``rst``, in order."""
    remaining = iter(descriptions)

    def substitute(match: re.Match) -> str:
        description = next(remaining, None)
        return match[0] if description is None else f"{match[1]}:alt: {description}"

    return re.sub(r"^(\s*):alt: .*$", substitute, rst, flags=re.MULTILINE)


def apply_course_style(gallery_conf, fname, when):
    """Before each lesson, after sphinx-gallery's Matplotlib reset: the course's style."""
    if when == "before":
        from course.plotting.style import apply_style

        apply_style()


def scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's Matplotlib scraper, with alternative text that says what each
    figure shows (:func:`figure_description`)."""
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    descriptions = [figure_description(plt.figure(number)) for number in plt.get_fignums()]
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    return replace_alt_texts(rst, descriptions)
