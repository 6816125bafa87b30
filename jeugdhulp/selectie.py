"""The filter bar's selection as a plain value: region, gemeenten, years and segments. Streamlit-free, so the
bench and the tests build the same selection the pages get from dashboard.state.filter_bar."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Selectie:
    """What the filter bar selected; empty gemeenten/segmenten mean 'all of the region'."""

    regio: str
    regio_naam: str
    gemeenten: tuple[str, ...]
    gemeente_namen: tuple[str, ...]
    jaar_van: int
    jaar_tot: int
    segmenten: tuple[str, ...]

    @property
    def label(self) -> str:
        if not self.gemeenten:
            return f"Regio {self.regio_naam}"
        if len(self.gemeente_namen) <= 3:
            return ", ".join(self.gemeente_namen)
        return f"{len(self.gemeente_namen)} gemeenten"

    @property
    def jaren(self) -> str:
        """'2025' for one year, '2019–2025' for more."""
        return str(self.jaar_van) if self.jaar_van == self.jaar_tot else f"{self.jaar_van}–{self.jaar_tot}"

    def params(self, *names: str) -> dict[str, object]:
        values = asdict(self)
        values["gemeenten"] = list(self.gemeenten)
        values["segmenten"] = list(self.segmenten)
        return {n: values[n] for n in names}
