"""What if (issue 16, part 2): the forecast without change (jeugdhulp.prognose) split over four groups of care, and
the same years with the knobs turned: the volume of residential care, of foster care and family homes and of
ambulant care, an extra price rise and the number of youths in care (inflow). Pure arithmetic on plain numbers, no
database, no Streamlit; the page prints METHODE under its charts.

Per group g and year ahead h (1, 2, 3):

    without change  B(g, h) = F(h) x share(g)
    scenario        S(g, h) = B(g, h) x (1 + volume(g) x phase(h)) x (1 + inflow)^h x (1 + price)^h

F(h) is the forecast of spend without change, share(g) the group's part of the realised spend in the last known
year, phase(h) = min(1, h / years-to-reach): a volume change grows in equal steps to its full size in the year it
is reached. A volume change is counted against what the group would cost without it, so one youth fewer saves that
group's cost per youth in care (spend over youths in the last known year, shown in the page's table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The groups the knobs act on, in the order of a table. A segment is residential as the target counts it (its own
# flag: a crisis bed with stay counts); otherwise its vorm decides.
GROEPEN = {
    "residentieel": "Residentiële zorg",
    "pleegzorg": "Pleegzorg en gezinshuizen",
    "ambulant": "Ambulante hulp",
    "overig": "Overige jeugdhulp",
}
MAX_VOLUME = 0.50       # a knob's volume change, either way
PRIJS = (-0.10, 0.20)   # the extra price rise per year: as far up as the Prognose page's, some way down
MAX_INSTROOM = 0.10     # change in youths in care per year, either way

METHODE = (
    "Hoe het scenario werkt: we beginnen bij de prognose zonder verandering (pagina Prognose, zonder extra "
    "prijsstijging) en verdelen die over vier groepen naar hun aandeel in de uitgaven van het laatste bekende jaar. "
    "Een verandering van het volume van een groep, bijvoorbeeld 30% minder residentiële zorg, geldt ten opzichte van "
    "de uitgaven die die groep zonder verandering zou hebben. Ze groeit in gelijke stappen naar haar volle omvang in "
    "het jaar dat u kiest, en blijft daarna op die omvang. Een jeugdige minder in een groep scheelt de kosten per "
    "jeugdige van die groep; die kosten staan in de tabel. Wat een verandering oplevert of kost, hangt dus af van "
    "hoeveel jeugdigen een groep heeft en wat die per jeugdige kosten: 30% minder in een kleine, dure groep kan "
    "minder schelen dan 30% meer in een grote groep. De extra prijsstijging en de verandering van het aantal "
    "jeugdigen in zorg gelden voor alle groepen en stapelen per jaar: 2% per jaar is na drie jaar 6,1%. Het verschil "
    "per groep in de tabel bevat ze ook; de kolom 'waarvan volume' toont alleen wat de volumeverandering doet. "
    "Het scenario rekent met het midden van de prognose; de "
    "onzekerheid daarvan (de band op de pagina Prognose) geldt ook hier."
)


def groep(vorm: str, residentieel: bool) -> str:
    """The group of a segment, from its vorm and its residential flag (segment table)."""
    if residentieel:
        return "residentieel"
    return {"pleegzorg": "pleegzorg", "gezinshuis": "pleegzorg", "ambulant": "ambulant"}.get(vorm, "overig")


@dataclass(frozen=True)
class Knoppen:
    """The scenario's assumptions, as fractions: -0.30 is 30% fewer."""
    residentieel: float = 0.0
    pleegzorg: float = 0.0
    ambulant: float = 0.0
    prijs: float = 0.0           # extra price rise per year, on top of the trend (which goes on as without change)
    instroom: float = 0.0        # youths in care per year (more or fewer new youths), every group, compounding
    bereikt: int = 3             # the volume changes are whole in this year ahead (1 = the first year)

    def volume(self, g: str) -> float:
        return getattr(self, g) if g in ("residentieel", "pleegzorg", "ambulant") else 0.0


@dataclass(frozen=True)
class Scenario:
    jaren: tuple[int, ...]
    basis: dict[str, tuple[float, ...]]        # per group, per year ahead: spend without change
    scenario: dict[str, tuple[float, ...]]     # the same with the knobs
    volume: dict[str, tuple[float, ...]]       # the part of scenario - basis that the volume change alone makes

    def totaal(self, which: str) -> tuple[float, ...]:
        parts = self.basis if which == "basis" else self.scenario
        return tuple(sum(values[i] for values in parts.values()) for i in range(len(self.jaren)))

    def verschil(self) -> tuple[float, ...]:
        return tuple(s - b for s, b in zip(self.totaal("scenario"), self.totaal("basis"), strict=True))


def bereken(jaren: Sequence[int], zonder_verandering: Sequence[float], uitgaven_per_groep: Mapping[str, float],
            knoppen: Knoppen) -> Scenario:
    """The scenario for the years ahead (`jaren`, one per year after the last known) of the forecast without change,
    split by the groups' realised spend in the last known year. Groups without spend stay at zero. Raises ValueError
    when the groups have no spend at all (nothing to split)."""
    known = {g: max(0.0, float(uitgaven_per_groep.get(g) or 0.0)) for g in GROEPEN}
    total = sum(known.values())
    if total <= 0:
        raise ValueError("no spend per group to split the forecast by")
    if not 1 <= knoppen.bereikt <= len(jaren):
        raise ValueError(f"bereikt must be 1..{len(jaren)}, not {knoppen.bereikt}")
    basis: dict[str, tuple[float, ...]] = {}
    scenario: dict[str, tuple[float, ...]] = {}
    volume: dict[str, tuple[float, ...]] = {}
    for g, spend in known.items():
        share = spend / total
        base = [f * share for f in zonder_verandering]
        change = [knoppen.volume(g) * min(1.0, h / knoppen.bereikt) for h in range(1, len(base) + 1)]
        basis[g] = tuple(base)
        volume[g] = tuple(b * c for b, c in zip(base, change, strict=True))
        scenario[g] = tuple(b * (1 + c) * (1 + knoppen.instroom) ** h * (1 + knoppen.prijs) ** h
                            for h, (b, c) in enumerate(zip(base, change, strict=True), start=1))
    return Scenario(tuple(int(j) for j in jaren), basis, scenario, volume)
