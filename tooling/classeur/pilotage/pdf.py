"""The printable steering pack: A4 portrait, laid out by ReportLab.

The same sections, in the same order, as the HTML pack (html_pack.py): per
function the month's overview, breaches, weak signals and changed documents;
the review debt; then each indicator's chart beside the table of its values.
ReportLab writes PDF directly, with no HTML or CSS engine between: a 60-indicator
pack comes out in well under a second, where WeasyPrint took ten
(README: "Dependencies"). Nothing is fetched: every text of the binder is escaped
before it reaches ReportLab's paragraph markup, so a label holding `<img src=…>`
prints as written and never makes ReportLab open a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from io import BytesIO
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from classeur.pilotage.digest import (
    breaches,
    debt_at,
    month_point,
    pack_title,
    sentence,
    summary_line,
    to_look_at,
)
from classeur.pilotage.french import (
    day_name,
    month_name,
    number,
    reporter_text,
    short_month,
    status_text,
    target_text,
    value_text,
    warning_text,
)
from classeur.pilotage.names import Names
from classeur.pilotage.pdf_chart import WIDTH, Chart
from classeur.pilotage.pdf_fonts import BOLD, REGULAR, register_fonts
from classeur.pilotage.records import Compliance, FunctionPack, Series, SteeringPack

# The HTML pack's colours (readable on white; the word says the status anyway), parsed
# once: ReportLab parses a colour given as text at every use.
STATUS_COLOURS = {
    Compliance.MET: HexColor("#1b5e20"),
    Compliance.WATCH: HexColor("#8a5a00"),
    Compliance.BREACHED: HexColor("#b71c1c"),
    Compliance.MISSING: HexColor("#444444"),
}


def render_pdf(pack: SteeringPack, names: Names) -> bytes:
    """The pack as PDF bytes: A4 portrait, every page numbered « page 2 / 7 »."""
    register_fonts()
    output = BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=pack_title(pack),
        author="Classeur",
        lang="fr-FR",
        invariant=True,  # same pack, same bytes: no creation time nor random id inside
    )
    _Story(pack, names, document.width).build(document)
    return output.getvalue()


class _Story:
    """The pack's flowables, with the styles they share."""

    def __init__(self, pack: SteeringPack, names: Names, width: float) -> None:
        self.pack, self.names, self.width = pack, names, width
        base = ParagraphStyle("base", fontName=REGULAR, fontSize=9.5, leading=12.5)
        self.body = base
        self.muted = ParagraphStyle("muted", base, textColor="#444444")
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=10.5)
        self.h1 = ParagraphStyle("h1", base, fontSize=18, leading=22, spaceAfter=4)
        self.h2 = ParagraphStyle(
            "h2", base, fontSize=14, leading=17, spaceBefore=14, spaceAfter=4, keepWithNext=1
        )
        self.h3 = ParagraphStyle("h3", self.h2, fontSize=12, leading=15, spaceBefore=10)
        self.h4 = ParagraphStyle("h4", self.h2, fontSize=10.5, leading=13, spaceBefore=6)

    def build(self, document: Any) -> None:
        story: list[Any] = self._header()
        if not self.pack.functions:
            story.append(self._p("Aucun indicateur lisible pour cette vue."))
        for function in self.pack.functions:
            story += self._function(function)
        story += self._debt()
        if any(f.series for f in self.pack.functions):
            story += [PageBreak(), self._p("Indicateurs en détail", self.h2)]
            for function in self.pack.functions:
                if function.series:
                    story.append(self._p(function.label, self.h3))
                    story += [self._indicator(s) for s in function.series]
        document.build(story, canvasmaker=_NumberedCanvas)

    def _p(self, text: str, style: Any = None, *, markup: bool = False) -> Any:
        """A paragraph of `text`, escaped unless it is markup this module wrote."""
        return Paragraph(text if markup else escape(text), style or self.body)

    def _header(self) -> list[Any]:
        pack = self.pack
        parts = [self._p(pack_title(pack), self.h1)]
        if self.names.audience:
            parts.append(self._p(f"Vue : <b>{escape(self.names.audience)}</b>", markup=True))
        parts.append(self._p(f"Établi le {day_name(pack.generated)}. {summary_line(pack)}"))
        parts += [
            self._p(f"<b>Attention :</b> {escape(notice)}", markup=True) for notice in pack.notices
        ]
        return parts

    def _function(self, function: FunctionPack) -> list[Any]:
        month = month_name(self.pack.month)
        parts = [self._p(function.label, self.h2)]
        if function.series:
            head = ["Indicateur", "Cible", month.capitalize(), "Statut"]
            rows = [self._overview_row(s) for s in function.series]
            parts.append(self._table([head, *rows], (0.40, 0.17, 0.18, 0.25), status=3))
        else:
            parts.append(self._p("Aucun indicateur lisible pour cette fonction."))
        missed = ", ".join(
            f"{s.indicator.id} {s.indicator.label}" for s in breaches(function, self.pack.month)
        )
        parts.append(
            self._p(f"<b>Non respectés ce mois :</b> {escape(missed or 'aucun')}.", markup=True)
        )
        parts += self._signals(function)
        changed = ", ".join(self.names.document(d) for d in function.changed_documents)
        parts.append(
            self._p(
                f"<b>Documents modifiés en {escape(month)} :</b> {escape(changed or 'aucun')}.",
                markup=True,
            )
        )
        return parts

    def _overview_row(self, series: Series) -> list[Any]:
        indicator = series.indicator
        point = month_point(series, self.pack.month)
        status = point.status if point is not None else Compliance.MISSING
        return [
            self._p(f"{indicator.id} {indicator.label}", self.cell),
            target_text(indicator),
            value_text(point.value if point else None, indicator.unit),
            status,
        ]

    def _signals(self, function: FunctionPack) -> list[Any]:
        if not function.signals:
            return [self._p("<b>Signaux faibles :</b> aucun.", markup=True)]
        items = []
        for signal in function.signals:
            about = f" ({escape(signal.indicator)})" if signal.indicator else ""
            look = to_look_at(signal, self.names.document)
            tail = f" <i>À regarder :</i> {escape(look)}." if look else ""
            text = (
                f"<b>{escape(signal.title)}</b>{about} : {escape(sentence(signal.evidence))}{tail}"
            )
            items.append(ListItem(self._p(text, markup=True)))
        return [
            self._p("<b>Signaux faibles :</b>", markup=True),
            ListFlowable(
                items,
                bulletType="bullet",
                start="•",
                leftIndent=12,
                bulletFontName=self.body.fontName,
                bulletFontSize=8,
                spaceAfter=2,
            ),
        ]

    def _debt(self) -> list[Any]:
        parts = [self._p("Dette de revue", self.h2)]
        pack = self.pack
        if not pack.debt:
            return [*parts, self._p("Dette de revue non reconstituée depuis l'historique Git.")]
        rows = [[short_month(d.period), number(d.overdue)] for d in pack.debt]
        head = ["Fin de mois", "Documents en retard de revue"]
        parts.append(self._table([head, *rows], (0.3, 0.45), numbers=True))
        now = debt_at(pack)
        if now is not None:
            parts.append(self._p(f"Par responsable, fin {month_name(now.period)}", self.h3))
            owners = [
                [self._p(self.names.owner(o), self.cell), number(n)]
                for o, n in now.overdue_by_owner
            ]
            parts.append(
                self._table(
                    [["Responsable", "Documents en retard"], *owners], (0.45, 0.3), numbers=True
                )
                if owners
                else self._p("Aucun document en retard.")
            )
        return parts

    def _indicator(self, series: Series) -> Any:
        """The chart and, beside it, the table of the same values, kept on one page."""
        indicator = series.indicator
        band = f", à surveiller {warning_text(indicator)}" if indicator.warning is not None else ""
        values = [
            [short_month(p.period), value_text(p.value, indicator.unit), p.status]
            for p in series.points
        ]
        side = self.width - WIDTH - 8
        table = self._table(
            [["Mois", "Valeur", "Statut"], *values], (0.27, 0.33, 0.40), of=side, size=7.5, status=2
        )
        figures = Table([[Chart(series), table]], colWidths=(WIDTH + 8, side))
        figures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_NO_PADDING]))
        return KeepTogether(
            [
                self._p(f"{indicator.id} — {indicator.label}", self.h4),
                self._p(
                    f"Cible {target_text(indicator)}{band} · {reporter_text(indicator)}.",
                    self.muted,
                ),
                figures,
            ]
        )

    def _table(
        self,
        rows: Sequence[Sequence[Any]],
        shares: Sequence[float],
        *,
        of: float | None = None,
        numbers: bool = False,
        size: float = 8.5,
        status: int | None = None,
    ) -> Any:
        """A ruled table; the first row is the header, repeated on every page it spans.

        Column `status` holds Compliance values: written as a symbol and a word, in bold
        and in the status' colour (plain cells: a paragraph per cell would triple the time).
        """
        total = of if of is not None else self.width
        cells = [list(row) for row in rows]
        marks: list[tuple[Any, ...]] = []
        if status is not None:
            for index, row in enumerate(cells[1:], 1):
                state = row[status]
                row[status] = status_text(state)
                at = (status, index)
                marks += [
                    ("TEXTCOLOR", at, at, STATUS_COLOURS[state]),
                    ("FONT", at, at, BOLD, size),
                ]
        table = Table(
            cells, colWidths=[total * s for s in shares], repeatRows=1, hAlign="LEFT", spaceAfter=4
        )
        style = [
            ("FONT", (0, 0), (-1, -1), REGULAR, size),
            ("FONT", (0, 0), (-1, 0), BOLD, size),
            ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
            ("GRID", (0, 0), (-1, -1), 0.5, "#999999"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if numbers:
            style.append(("ALIGN", (1, 1), (1, -1), "RIGHT"))
        table.setStyle(TableStyle(style + marks))
        return table


_NO_PADDING = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


_FOOTER_GREY = STATUS_COLOURS[Compliance.MISSING]


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas that writes « page N / total » at the foot of each page once all are laid out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name: a page is done, keep its state for save()
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(_FOOTER_GREY)
            number = f"page {self._pageNumber} / {len(self._pages)}"
            self.drawCentredString(self._pagesize[0] / 2, 10 * mm, number)
            super().showPage()
        super().save()
