"""iJw product codes and categories: what a trajectory's productcode says about its form of care (vorm) and
whether it is care with a stay (verblijf), so an export that carries only product codes needs no segment column.

The product codes are the standaardproductcodelijst Jeugdwet (JZ21, data/referentie/ijw_jz21_...json, with its
provenance in data/README.md). Each code has a productcategorie (JZ020) and, for most, a CBS-style hulpvorm
("Met verblijf: pleegzorg", "Zonder verblijf: daghulp ..."). How those map to our vormen is ours:
- categories whose care is one vorm whatever the hulpvorm (crisis, jeugdbescherming, jeugdreclassering, ...)
  take that vorm, so a crisis placement with a stay is crisis, not residentieel;
- otherwise the hulpvorm decides (pleegzorg, gezinsgericht -> gezinshuis, gesloten, other stays ->
  residentieel, daghulp, and the three ambulant ones);
- a code without a hulpvorm takes its category's vorm.
Gemeenten may use codes of their own: a code not in the list is read by its first two digits, the category.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PRODUCT_FILE = Path(__file__).resolve().parent.parent / "data" / "referentie" / "ijw_jz21_standaardproductcodelijst.json"

# The vorm of a category regardless of the hulpvorm.
_FIXED = {"42": "vervoer", "46": "crisis", "47": "jeugdreclassering", "48": "jeugdbescherming",
          "49": "jeugdreclassering", "50": "overig", "51": "ggz", "52": "ggz", "53": "overig"}
# The vorm a hulpvorm code names (JZ21 column dimensie_hulpvorm; only where its text says met/zonder verblijf:
# the same number is also used for Ondertoezichtstelling).
_HULPVORM = {"01": "ambulant", "02": "ambulant", "03": "daghulp", "04": "ambulant", "11": "pleegzorg",
             "12": "gezinshuis", "13": "gesloten", "14": "residentieel"}

# iJw productcategorie -> vormen, in order of preference: the first vorm a region has a segment for takes a
# trajectory that names no segment. Categories 31-38 are the 2015 list, 40-55 the current one.
CATEGORIE_VORM: dict[str, tuple[str, ...]] = {
    "31": ("ambulant",), "32": ("ambulant", "ggz"), "33": ("daghulp",), "34": ("ambulant",),
    "35": ("pleegzorg", "gezinshuis"), "36": ("gezinshuis", "pleegzorg"), "37": ("gesloten", "residentieel"),
    "38": ("residentieel",), "40": ("ambulant", "overig"), "41": ("daghulp",), "42": ("vervoer", "overig"),
    "43": ("residentieel", "gesloten"), "44": ("gezinshuis", "pleegzorg", "residentieel"),
    "45": ("ambulant", "ggz"), "46": ("crisis",), "47": ("jeugdreclassering", "overig"),
    "48": ("jeugdbescherming", "overig"), "49": ("jeugdreclassering", "overig"), "50": ("overig",),
    "51": ("ggz", "ambulant"), "52": ("ggz", "ambulant"), "53": ("overig", "ambulant"), "54": ("overig",),
    "55": ("overig",),
}
STAY_CATEGORIES = frozenset({"35", "36", "37", "38", "43", "44"})


@dataclass(frozen=True)
class Product:
    code: str
    omschrijving: str
    categorie: str
    vorm: str
    verblijf: bool | None       # None: the list does not say (e.g. crisis without a hulpvorm)


@cache
def products() -> dict[str, Product]:
    """The JZ21 list by product code."""
    rows = json.loads(PRODUCT_FILE.read_text(encoding="utf-8"))["products"]
    return {row["productcode"]: _product(row) for row in rows}


def _product(row: dict[str, str]) -> Product:
    code = row["productcode"]
    categorie = row["productcategorie_code"] if row["productcategorie_code"] != "-" else code[:2]
    hulpvorm, text = row["dimensie_hulpvorm_code"], (row["dimensie_hulpvorm_omschrijving"] or "").lower()
    stay = True if text.startswith("met verblijf") else False if text.startswith("zonder verblijf") else None
    if categorie in _FIXED:
        vorm = _FIXED[categorie]
    elif stay is not None and hulpvorm in _HULPVORM:
        vorm = _HULPVORM[hulpvorm]
    else:
        vorm = CATEGORIE_VORM[categorie][0]
    if stay is None and categorie in STAY_CATEGORIES:
        stay = True
    return Product(code, row["omschrijving"], categorie, vorm, stay)


def vormen(productcode: object, categorie: object) -> tuple[str, ...]:
    """The vormen a trajectory's code points to, most specific first: the product's own vorm (when the code is in
    the list), then its category's in order of preference. A region without a segment of any of them gets the
    trajectory reported, not guessed into another vorm."""
    product = products().get(str(productcode).strip().upper()) if productcode is not None else None
    first = (product.vorm,) if product else ()
    wanted = first + CATEGORIE_VORM.get(str(product.categorie if product else categorie), ())
    return tuple(dict.fromkeys(wanted))


def verblijf(productcode: object) -> bool | None:
    """Whether the product is care with a stay, as the list says; None for a code not in it or not saying."""
    product = products().get(str(productcode).strip().upper()) if productcode is not None else None
    return product.verblijf if product else None
