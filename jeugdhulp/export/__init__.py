"""Exports of a presentation, one module per format: `html` (one offline slide-show file) and `pptx` (native,
editable PowerPoint charts, read off the figures by `pptx_charts`); `slides` holds what both share. Callers
use the entry points below: `export.to_html(...)`, `export.to_pptx(...)`, `export.slide_figure(...)`."""

from jeugdhulp.export.html import get_plotlyjs, to_html
from jeugdhulp.export.pptx import title_size, to_pptx
from jeugdhulp.export.pptx_charts import NativeChart, native_chart
from jeugdhulp.export.slides import EXAMPLE_MARK, SLIDE_TITLE_PT, SLIDE_TITLE_PX, SMALL, file_name, hidden_note, slide_figure

__all__ = ["EXAMPLE_MARK", "SLIDE_TITLE_PT", "SLIDE_TITLE_PX", "SMALL", "NativeChart", "file_name", "get_plotlyjs",
           "hidden_note", "native_chart", "slide_figure", "title_size", "to_html", "to_pptx"]
# The slide view's chart settings and the example mark a chart carries (read before slide_figure removes it).
from jeugdhulp.export.slides import SLIDE_CONFIG, example_label, example_mark  # noqa: E402

__all__ += ["SLIDE_CONFIG", "example_label", "example_mark"]
