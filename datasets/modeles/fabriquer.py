"""Make the template files ventes_modele.csv and ventes_modele.xlsx (run: python datasets/modeles/fabriquer.py).

Three months (February to April 2025) of the till of a made-up bike shop, « Cycles Confluence »
(Lyon, two shops: Confluence and Gerland), as a French Excel would export them: ``;`` separator,
decimal comma, UTF-8 with BOM, CRLF line ends, dates ``dd/mm/yyyy``. Ticket numbers and customer
codes keep their leading zeros; about a third of the tickets have no customer (anonymous), some
customers come back, and two tickets are avoirs (refunds, negative amounts). A fixed seed and fixed
file dates: running it again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 2025
HEADERS = ["Date", "N° ticket", "Code client", "Magasin", "Nb articles", "Montant HT (€)", "Montant TTC (€)"]
FIRST, LAST = dt.date(2025, 2, 1), dt.date(2025, 4, 30)
SHOPS = ("Confluence", "Gerland")
# Prices TTC of what the shop sells: accessories, repairs, a few bikes.
PRICES = (9.9, 12.5, 14.9, 19.9, 24.9, 29.9, 34.9, 39.9, 49.9, 59.0, 79.0, 89.0, 119.0, 149.0, 449.0, 899.0)
WEIGHTS = (9, 8, 8, 9, 8, 8, 7, 6, 6, 5, 4, 3, 3, 2, 1, 0.5)
FIXED_TIME = (2025, 5, 1, 9, 0, 0)


def orders() -> list[dict]:
    """The template's tickets, in date order: dicts with the values of :data:`HEADERS`."""
    rng = np.random.default_rng(SEED)
    weights = np.array(WEIGHTS) / sum(WEIGHTS)
    customers = [f"{n:05d}" for n in rng.choice(np.arange(1, 4000), size=160, replace=False)]
    loyalty = rng.pareto(1.5, size=len(customers)) + 1
    loyalty /= loyalty.sum()
    rows, day = [], FIRST
    while day <= LAST:
        if day.weekday() != 6 and day != dt.date(2025, 4, 21):  # closed on Sundays and Easter Monday
            busy = 1.6 if day.weekday() == 5 else 1.0
            for shop, mean in zip(SHOPS, (4.5 * busy, 2.0 * busy)):
                for _ in range(rng.poisson(mean)):
                    n = int(rng.choice([1, 1, 1, 2, 2, 3, 4]))
                    ttc = round(float(rng.choice(PRICES, size=n, p=weights).sum()), 2)
                    client = "" if rng.random() < 0.35 else str(rng.choice(customers, p=loyalty))
                    rows.append({"date": day, "shop": shop, "client": client, "n": n, "ttc": ttc})
        day += dt.timedelta(days=1)
    # Two avoirs: a returned helmet and a returned saddle bag, each from a known customer.
    for when, price in ((dt.date(2025, 3, 10), 59.0), (dt.date(2025, 4, 16), 34.9)):
        client = next(r["client"] for r in rows if r["client"] and r["date"] < when)
        rows.append({"date": when, "shop": "Confluence", "client": client, "n": 1, "ttc": -price})
    rows.sort(key=lambda r: (r["date"], SHOPS.index(r["shop"])))
    out = []
    for number, r in enumerate(rows, start=1):
        ht = round(r["ttc"] / 1.2, 2)
        out.append({"Date": r["date"], "N° ticket": f"{number:06d}", "Code client": r["client"], "Magasin": r["shop"],
                    "Nb articles": r["n"], "Montant HT (€)": ht, "Montant TTC (€)": r["ttc"]})
    return out


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def csv_bytes(rows: list[dict]) -> bytes:
    """The rows as a French Excel CSV: BOM, ``;``, CRLF, decimal comma, ``dd/mm/yyyy``."""
    lines = [";".join(HEADERS)]
    for r in rows:
        lines.append(";".join([r["Date"].strftime("%d/%m/%Y"), r["N° ticket"], r["Code client"], r["Magasin"],
                               str(r["Nb articles"]), _comma(r["Montant HT (€)"]), _comma(r["Montant TTC (€)"])]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[dict]) -> bytes:
    """The rows as an xlsx workbook (dates as date cells, ids as text), with fixed dates inside."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Ventes"
    sheet.append(HEADERS)
    for r in rows:
        sheet.append([r[h] for h in HEADERS])
    for row in sheet.iter_rows(min_row=2):
        row[0].number_format = "DD/MM/YYYY"
        row[1].number_format = row[2].number_format = "@"
        for cell in row[5:]:
            cell.number_format = '#,##0.00\\ "€"'
    for letter, width in zip("ABCDEFG", (12, 11, 12, 12, 11, 15, 16)):
        sheet.column_dimensions[letter].width = width
    book.properties.creator = "Cycles Confluence"
    book.properties.created = dt.datetime(*FIXED_TIME)
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps the save time (docProps/core.xml) and each zip entry's time: fix both.
    stamp = dt.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    rows = orders()
    (HERE / "ventes_modele.csv").write_bytes(csv_bytes(rows))
    (HERE / "ventes_modele.xlsx").write_bytes(xlsx_bytes(rows))
    print(f"{len(rows)} tickets écrits dans {HERE}")


if __name__ == "__main__":
    main()
