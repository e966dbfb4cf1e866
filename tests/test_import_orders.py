"""datasets.import_orders on the templates, on damaged copies of them and on platform exports.

Expected values come from the files read with the csv module (or written by the test itself),
never from the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilab import datasets
from kpilab.datasets import Finding, Import, import_orders, pseudonymise
from kpilab.datasets.import_parse import parse_amounts
from kpilab.errors import KPIError

ROOT = Path(__file__).resolve().parents[1]
MODELES = ROOT / "datasets" / "modeles"
CSV_MODELE = MODELES / "ventes_modele.csv"
XLSX_MODELE = MODELES / "ventes_modele.xlsx"
IMPORTS = Path(__file__).resolve().parent / "data" / "imports"


def template_rows() -> list[dict[str, str]]:
    with open(CSV_MODELE, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def header_and_lines() -> tuple[str, list[str]]:
    lines = CSV_MODELE.read_bytes().decode("utf-8-sig").split("\r\n")
    return lines[0], [line for line in lines[1:] if line]


def write(tmp_path, name, header, lines, encoding="utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return path


def comma(text: str) -> float:
    return float(text.replace(",", "."))


def levels(imp: Import, niveau: str) -> list[str]:
    return [f.message for f in imp.findings if f.niveau == niveau]


# --- The templates -------------------------------------------------------------------------


def test_template_csv_imports_every_row_with_the_file_values():
    rows = template_rows()
    imp = import_orders(CSV_MODELE)
    cmd = imp.commandes
    assert len(cmd) == len(rows) and imp.rejets.empty
    assert cmd["commande_id"].tolist() == [r["N° ticket"] for r in rows]  # leading zeros kept
    assert cmd["client_id"].fillna("").tolist() == [r["Code client"] for r in rows]
    assert cmd["date"].tolist() == [pd.Timestamp(dt.datetime.strptime(r["Date"], "%d/%m/%Y")) for r in rows]
    assert cmd["montant_ht"].tolist() == [comma(r["Montant HT (€)"]) for r in rows]
    assert cmd["montant_ttc"].tolist() == [comma(r["Montant TTC (€)"]) for r in rows]
    assert cmd["nb_articles"].tolist() == [int(r["Nb articles"]) for r in rows]
    assert cmd["point_de_vente"].tolist() == [r["Magasin"] for r in rows]
    assert str(cmd["nb_articles"].dtype) == "Int64" and str(cmd["date"].dtype) == "datetime64[us]"
    assert "canal" not in cmd  # an optional column absent from the file stays absent


def test_template_has_the_promised_shape():
    rows = template_rows()
    clients = Counter(r["Code client"] for r in rows if r["Code client"])
    assert 300 <= len(rows) <= 800
    assert sum(1 for r in rows if not r["Code client"]) > 0  # anonymous tickets
    assert sum(1 for r in rows if comma(r["Montant HT (€)"]) < 0) == 2  # two avoirs
    assert max(clients.values()) >= 3  # customers who come back
    assert CSV_MODELE.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in CSV_MODELE.read_bytes()


def test_template_report_counts_customers_anonymous_tickets_and_avoirs():
    rows = template_rows()
    imp = import_orders(CSV_MODELE)
    n_clients = len({r["Code client"] for r in rows if r["Code client"]})
    n_anonymous = sum(1 for r in rows if not r["Code client"])
    report = imp.rapport().replace("\u202f", " ")
    assert f"{len(rows)} lignes lues" in report and f"{n_clients} clients" in report
    assert f"{n_anonymous} tickets anonymes" in report
    avoirs = [i + 2 for i, r in enumerate(rows) if comma(r["Montant HT (€)"]) < 0]
    avoir_findings = [f for f in imp.findings if "avoir" in f.message]
    assert avoir_findings and avoir_findings[0].lignes == avoirs
    total = sum(Decimal(r["Montant HT (€)"].replace(",", ".")) for r in rows if comma(r["Montant HT (€)"]) < 0)
    assert f"{total}".replace(".", ",") in avoir_findings[0].message.replace("\u202f", " ")
    assert levels(imp, "erreur") == [] and levels(imp, "attention") == []
    assert repr(imp) == imp.rapport() and "<li>" in imp._repr_html_()


def test_template_coverage_and_customers_from_first_purchases():
    rows = template_rows()
    imp = import_orders(CSV_MODELE)
    days = [dt.datetime.strptime(r["Date"], "%d/%m/%Y") for r in rows]
    assert imp.commandes.attrs["periode_couverte"] == (pd.Timestamp(min(days)), pd.Timestamp(max(days)))
    first = {}
    for r, day in zip(rows, days):
        if r["Code client"] and comma(r["Montant HT (€)"]) > 0:
            first[r["Code client"]] = min(first.get(r["Code client"], day), day)
    got = dict(zip(imp.clients["client_id"], imp.clients["date_inscription"]))
    assert got == {k: pd.Timestamp(v) for k, v in first.items()}


def test_xlsx_template_gives_the_same_orders_as_the_csv():
    a, b = import_orders(CSV_MODELE), import_orders(XLSX_MODELE)
    pd.testing.assert_frame_equal(a.commandes, b.commandes)


def test_xlsx_template_cells_read_with_openpyxl():
    from openpyxl import load_workbook

    sheet = load_workbook(XLSX_MODELE, read_only=True).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    cmd = import_orders(XLSX_MODELE).commandes
    assert len(cmd) == len(cells) == len(template_rows())
    assert cmd["commande_id"].tolist() == [c[1] for c in cells]
    assert cmd["date"].tolist() == [pd.Timestamp(c[0]) for c in cells]
    assert cmd["montant_ht"].tolist() == [c[5] for c in cells]


def test_templates_are_remade_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("fabriquer", MODELES / "fabriquer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.orders()
    assert module.csv_bytes(rows) == CSV_MODELE.read_bytes()
    assert module.xlsx_bytes(rows) == XLSX_MODELE.read_bytes()


def test_the_users_file_is_not_changed(tmp_path):
    header, lines = header_and_lines()
    path = write(tmp_path, "ventes.csv", header, lines[:50] + ["31/12/9999;999999;;Confluence;1;abc;12,00"])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    stat = path.stat()
    import_orders(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before and path.stat().st_mtime_ns == stat.st_mtime_ns


# --- Damaged copies of the template ---------------------------------------------------------


def test_missing_and_unreadable_amounts_go_to_rejets_with_their_line(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:40]
    cells = lines[4].split(";")
    cells[5] = ""
    lines[4] = ";".join(cells)
    cells = lines[9].split(";")
    cells[5] = "douze"
    lines[9] = ";".join(cells)
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert imp.rejets["ligne"].tolist() == [6, 11]
    assert imp.rejets["motif"].tolist() == ["montant vide", "montant illisible"]
    assert imp.rejets["Montant HT (€)"].tolist() == ["", "douze"]  # the cells as read
    assert len(imp.commandes) == 38 and len(imp.commandes) + len(imp.rejets) == 40
    assert any(f.lignes == [11] for f in imp.findings if f.niveau == "erreur")


def test_infinite_amounts_are_not_numbers(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:10]
    cells = lines[3].split(";")
    cells[5] = "inf"
    lines[3] = ";".join(cells)
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert imp.rejets["ligne"].tolist() == [5] and imp.rejets["motif"].tolist() == ["montant illisible"]


def test_unreadable_amount_column_is_an_error_naming_column_row_and_value(tmp_path):
    header, lines = header_and_lines()
    lines = [";".join(c if i != 5 else "voir caisse" for i, c in enumerate(line.split(";"))) for line in lines[:30]]
    with pytest.raises(KPIError) as err:
        import_orders(write(tmp_path, "v.csv", header, lines))
    message = str(err.value)
    assert "Montant HT (€)" in message and "ligne 2" in message and "voir caisse" in message and "columns=" in message


def test_ids_keep_leading_zeros_and_mismatches_with_a_customer_file_are_found(tmp_path):
    rows = template_rows()
    codes = sorted({r["Code client"] for r in rows if r["Code client"]})
    # A customer file saved by a spreadsheet that turned the codes into numbers (zeros lost) for half of them.
    half = codes[: len(codes) // 2]
    clients = tmp_path / "clients.csv"
    clients.write_text("Code client;Nom\n" + "".join(f"{int(c) if c in half else c};X\n" for c in codes), encoding="utf-8")
    imp = import_orders(CSV_MODELE, clients=clients)
    expected = [i + 2 for i, r in enumerate(rows) if r["Code client"] in half]
    zeros = [f for f in imp.findings if "zéros" in f.message]
    assert zeros and zeros[0].lignes == expected and zeros[0].niveau == "attention"
    assert set(imp.clients["client_id"]) == {str(int(c)) if c in half else c for c in codes}


def test_customers_absent_from_the_customer_file_are_counted():
    rows = template_rows()
    codes = sorted({r["Code client"] for r in rows if r["Code client"]})
    known = pd.DataFrame({"client_id": codes[10:]})
    imp = import_orders(CSV_MODELE, clients=known)
    expected = [i + 2 for i, r in enumerate(rows) if r["Code client"] in codes[:10]]
    absent = [f for f in imp.findings if "absent du fichier clients" in f.message]
    assert absent and absent[0].lignes == expected


def test_an_empty_month_is_reported(tmp_path):
    header, lines = header_and_lines()
    kept = [line for line in lines if "/03/2025" not in line]
    imp = import_orders(write(tmp_path, "v.csv", header, kept))
    messages = levels(imp, "attention")
    assert any("Aucune commande en mars 2025" in m for m in messages)
    assert not any("févr." in m or "avr." in m for m in messages if "Aucune" in m)


def test_a_partial_first_month_and_a_half_year_coverage(tmp_path):
    header, lines = header_and_lines()
    kept = [line for line in lines if dt.datetime.strptime(line[:10], "%d/%m/%Y") >= dt.datetime(2025, 2, 10)]
    imp = import_orders(write(tmp_path, "v.csv", header, kept))
    first_day = min(dt.datetime.strptime(line[:10], "%d/%m/%Y") for line in kept)
    assert f"Le mois de février 2025 n'est couvert que du {first_day:%d/%m/%Y} au 28/02/2025 : ne le compare pas " \
        "à un mois complet." in levels(imp, "attention")
    # The export said to cover the first half of 2025: January, May and June have no order.
    half = import_orders(CSV_MODELE, debut="2025-01-01", fin="2025-06-30")
    assert half.commandes.attrs["periode_couverte"] == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    empty = [m for m in levels(half, "attention") if "Aucune commande" in m][0]
    assert "janv. 2025" in empty and "mai 2025" in empty and "juin 2025" in empty and "mars" not in empty


def test_orders_outside_debut_fin_are_set_aside():
    rows = template_rows()
    imp = import_orders(CSV_MODELE, debut="2025-03-01", fin="2025-03-31")
    inside = [r for r in rows if r["Date"][3:5] == "03"]
    assert len(imp.commandes) == len(inside) and len(imp.rejets) == len(rows) - len(inside)
    assert set(imp.rejets["motif"]) == {"hors période"}


def test_a_refund_is_kept_as_an_avoir(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:20] + ["05/02/2025;000900;00042;Confluence;1;-8,25;-9,90"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    avoirs = imp.commandes[imp.commandes["montant_ht"] < 0]
    assert avoirs["commande_id"].tolist() == ["000900"] and avoirs["montant_ht"].tolist() == [-8.25]
    assert [f.lignes for f in imp.findings if "avoir" in f.message] == [[22]]


def test_a_duplicate_order_number_keeps_the_first(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:30]
    changed = lines[12].split(";")
    changed[5], changed[6] = "1,00", "1,20"
    lines = [*lines, lines[7], ";".join(changed)]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert imp.rejets["ligne"].tolist() == [32, 33]
    assert imp.rejets["motif"].tolist() == ["commande en double (déjà vue ligne 9)", "commande en double (déjà vue ligne 14)"]
    assert imp.commandes["commande_id"].is_unique and len(imp.commandes) == 30
    kept = imp.commandes.set_index("commande_id").loc[lines[12].split(";")[1], "montant_ht"]
    assert kept == comma(lines[12].split(";")[5])  # the first one


def test_implausible_dates_are_errors_and_set_aside(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:30]
    for i, date in ((3, "01/01/1970"), (6, "14/02/2097"), (9, "31/12/9999"), (12, "31/02/2025")):
        lines[i] = date + lines[i][10:]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    by_line = dict(zip(imp.rejets["ligne"], imp.rejets["motif"]))
    assert by_line == {5: "date invraisemblable", 8: "date invraisemblable", 11: "date invraisemblable",
                       14: "date illisible"}
    errors = [f for f in imp.findings if f.niveau == "erreur" and "invraisemblable" in f.message]
    assert errors and errors[0].lignes == [5, 8, 11]
    assert imp.commandes["date"].min() >= pd.Timestamp("2025-01-01")


def test_a_cp1252_file_reads_like_the_utf8_one(tmp_path):
    header, lines = header_and_lines()
    path = write(tmp_path, "v.csv", header, lines, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    imp = import_orders(path)
    assert imp.colonnes["montant_ht"] == "Montant HT (€)"
    pd.testing.assert_frame_equal(imp.commandes, import_orders(CSV_MODELE).commandes)


def test_french_amounts_with_spaces_and_euro_signs(tmp_path):
    header = "Date;Numéro de commande;Total HT;Total TTC"
    lines = ["03/03/2025;A1;1\u202f234,50\u202f€;1 481,40 €", "04/03/2025;A2;(12,00);-14,40 €",
             "05/03/2025;A3;1234.50;1481.40", "06/03/2025;A4;-12,00;1\u00a0000\u00a0000,00"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert imp.commandes["montant_ht"].tolist() == [1234.5, -12.0, 1234.5, -12.0]
    assert imp.commandes["montant_ttc"].tolist() == [1481.4, -14.4, 1481.4, 1_000_000.0]
    assert not any("plus grand que le TTC" in m for m in levels(imp, "attention"))


def test_ht_above_ttc_is_reported(tmp_path):
    header = "Date;Montant HT;Montant TTC"
    lines = ["03/03/2025;12,00;10,00", "04/03/2025;10,00;12,00", "05/03/2025;-12,00;-10,00"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert [f.lignes for f in imp.findings if "plus grand que le TTC" in f.message] == [[2, 4]]


def test_yyyymmdd_integers_are_dates_not_1970():
    frame = pd.read_csv(CSV_MODELE, sep=";", decimal=",", encoding="utf-8-sig", dtype={"N° ticket": str})
    expected = pd.to_datetime(frame["Date"], format="%d/%m/%Y").tolist()
    frame["Date"] = pd.to_datetime(frame["Date"], format="%d/%m/%Y").dt.strftime("%Y%m%d").astype(int)
    imp = import_orders(frame)
    assert imp.commandes["date"].tolist() == expected and imp.rejets.empty
    assert imp.commandes["commande_id"].iloc[0] == "000001"


def test_day_month_ambiguity_is_french_and_said(tmp_path):
    header = "Date;Montant HT"
    lines = ["03/04/2025;10,00", "05/04/2025;20,00", "12/04/2025;30,00"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert imp.commandes["date"].tolist() == [pd.Timestamp("2025-04-03"), pd.Timestamp("2025-04-05"),
                                              pd.Timestamp("2025-04-12")]
    assert any("jour/mois" in m for m in levels(imp, "info"))
    us = import_orders(write(tmp_path, "v.csv", header, lines), date_format="%m/%d/%Y")
    assert us.commandes["date"].tolist() == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-05-04"),
                                             pd.Timestamp("2025-12-04")]
    american = import_orders(write(tmp_path, "w.csv", header, ["03/14/2025;1,00", "03/02/2025;2,00"]))
    assert american.commandes["date"].tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-02")]


def test_other_date_forms(tmp_path):
    header = "Date de vente,Total HT"
    lines = ["2025-03-04 10:12:00,1.00", "2025-03-05T08:00:00,2.00"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines, encoding="utf-8"))
    assert imp.commandes["date"].tolist() == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-03-05")]
    short = import_orders(write(tmp_path, "w.csv", "Date|Montant HT", ["04/03/25|1,00", "15/03/25|2,00"]))
    assert short.commandes["date"].tolist() == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-03-15")]
    serial = pd.DataFrame({"Date": [45720, 45721], "Total HT": [1.0, 2.0]})  # Excel day numbers
    assert import_orders(serial).commandes["date"].tolist() == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-03-05")]


def test_ttc_only_needs_the_vat_rate(tmp_path):
    header, lines = header_and_lines()
    drop = [";".join(c for i, c in enumerate(line.split(";")) if i != 5) for line in lines]
    path = write(tmp_path, "v.csv", ";".join(c for i, c in enumerate(header.split(";")) if i != 5), drop)
    with pytest.raises(KPIError, match="tva=20"):
        import_orders(path)
    imp = import_orders(path, tva=20)
    expected = [round(comma(r["Montant TTC (€)"]) / 1.2, 2) for r in template_rows()]
    assert imp.commandes["montant_ht"].tolist() == expected
    with pytest.raises(KPIError, match="tva=20"):
        import_orders(path, tva=0.2)


def test_missing_or_ambiguous_columns_say_which_columns_to_pass(tmp_path):
    path = write(tmp_path, "v.csv", "Jour de caisse;Encaissé", ["01/03/2025;12,00"])
    with pytest.raises(KPIError) as err:
        import_orders(path)
    assert "Jour de caisse" in str(err.value) and "columns=" in str(err.value)
    imp = import_orders(path, columns={"Jour de caisse": "date", "Encaissé": "montant_ht"})
    assert imp.commandes["montant_ht"].tolist() == [12.0]
    both = write(tmp_path, "w.csv", "Date;Date de vente;Montant HT", ["01/03/2025;01/03/2025;1,00"])
    with pytest.raises(KPIError) as err:
        import_orders(both)
    assert "'Date'" in str(err.value) and "'Date de vente'" in str(err.value) and "columns=" in str(err.value)


def test_recognised_headers_in_french_and_english(tmp_path):
    header = "Order ID,Customer ID,Order Date,Quantity,Store,Total excl. tax"
    imp = import_orders(write(tmp_path, "v.csv", header, ["0017,0042,2025-03-01,2,Lyon,10.50"], encoding="utf-8"))
    assert imp.commandes[["commande_id", "client_id", "nb_articles", "point_de_vente"]].iloc[0].tolist() == [
        "0017", "0042", 2, "Lyon"]
    assert imp.commandes["montant_ht"].tolist() == [10.5]


def test_every_row_is_kept_or_set_aside(tmp_path):
    header, lines = header_and_lines()
    lines = lines[:25] + [";;;;;;", "32/13/2025;X1;;Confluence;1;1,00;1,20", ";X2;;Confluence;1;1,00;1,20"]
    imp = import_orders(write(tmp_path, "v.csv", header, lines))
    assert len(imp.commandes) + len(imp.rejets) == len(lines)
    assert imp.rejets["motif"].tolist() == ["ligne vide", "date illisible", "date vide"]


# --- Platform exports -----------------------------------------------------------------------


def test_shopify_preset_gives_one_order_per_name():
    with open(IMPORTS / "shopify_orders.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    firsts, quantities = {}, defaultdict(int)
    for row in rows:
        firsts.setdefault(row["Name"], row)
        quantities[row["Name"]] += int(row["Lineitem quantity"])
    kept = [n for n, r in firsts.items() if r["Financial Status"] in ("paid", "partially_refunded")]
    imp = import_orders(IMPORTS / "shopify_orders.csv", preset="shopify")
    assert imp.commandes["commande_id"].tolist() == kept
    assert imp.commandes["nb_articles"].tolist() == [quantities[n] for n in kept]
    for name, ht, ttc in zip(kept, imp.commandes["montant_ht"], imp.commandes["montant_ttc"]):
        r = firsts[name]
        total, taxes, refunded = float(r["Total"]), float(r["Taxes"]), float(r["Refunded Amount"])
        assert ttc == pytest.approx(total - refunded)
        assert ht == pytest.approx((total - taxes) * (total - refunded) / total, abs=0.01)
    assert len(imp.rejets) == len(firsts) - len(kept)
    assert imp.commandes["client_id"].isna().sum() == sum(1 for n in kept if not firsts[n]["Email"])


@pytest.mark.parametrize("name", ["woocommerce_analytics.csv", "woocommerce_orders.csv"])
def test_woocommerce_preset(name):
    with open(IMPORTS / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    status = "Status" if "Status" in rows[0] else "Order Status"
    amount = (lambda r: float(r["Net Sales"].replace(",", ""))) if "Net Sales" in rows[0] else (
        lambda r: float(r["Order Total"]) - float(r["Order Total Tax"]))
    refunded_with_row = {r.get("Order #") for r in rows if amount(r) < 0}
    kept = [r for r in rows if r[status].lower().removeprefix("wc-") in ("completed", "processing")
            or amount(r) < 0 or (r[status] == "Refunded" and r.get("Order #") in refunded_with_row)]
    imp = import_orders(IMPORTS / name, preset="woocommerce")
    assert imp.commandes["montant_ht"].round(2).tolist() == [round(amount(r), 2) for r in kept]
    assert len(imp.rejets) == len(rows) - len(kept)
    assert imp.commandes["commande_id"].is_unique


# --- Amounts: a property --------------------------------------------------------------------


def french(cents: int, group: str, euro: bool) -> str:
    sign, cents = ("-" if cents < 0 else ""), abs(cents)
    units = f"{cents // 100:,}".replace(",", group)
    return f"{sign}{units},{cents % 100:02d}" + ("\u202f€" if euro else "")


@settings(max_examples=300, deadline=None)
@given(st.integers(-10**11, 10**11), st.sampled_from(["", " ", "\u00a0", "\u202f", "."]), st.booleans())
def test_french_amounts_round_trip(cents, group, euro):
    text = french(cents, group, euro)
    assert parse_amounts(pd.Series([text])).iloc[0] == float(Decimal(cents) / 100)


# --- Pseudonymisation and the course data ---------------------------------------------------


def test_pseudonymise_is_stable_needs_a_secret_and_drops_personal_columns():
    frame = pd.DataFrame({"client_id": ["00042", "00042", "7", None], "Nom": ["A", "A", "B", "C"],
                          "Billing Email": ["a@x.fr"] * 4, "montant_ht": [1.0, 2.0, 3.0, 4.0]})
    before = frame.copy()
    with pytest.raises(KPIError, match="token_hex"):
        pseudonymise(frame)
    with pytest.raises(KPIError, match="token_hex"):
        pseudonymise(frame, secret="court")
    secret = "0123456789abcdef0123"
    out = pseudonymise(frame, secret=secret)
    import hmac

    expected = "P" + hmac.new(secret.encode(), b"00042", hashlib.sha256).hexdigest()[:10]
    assert out["client_id"].tolist()[:2] == [expected, expected] and pd.isna(out["client_id"].iloc[3])
    assert out["client_id"].iloc[2] != expected and list(out.columns) == ["client_id", "montant_ht"]
    assert pseudonymise(frame, secret="another secret of 16+")["client_id"].iloc[0] != expected
    assert list(pseudonymise(frame, secret=secret, personal=[]).columns) == list(frame.columns)
    pd.testing.assert_frame_equal(frame, before)


def test_load_sets_the_coverage_of_tables_with_a_date():
    from kpilab.datasets import catalog

    coverage = (pd.Timestamp(catalog.START), pd.Timestamp(catalog.END))
    assert datasets.load("commandes").attrs["periode_couverte"] == coverage == (
        pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31"))
    assert "periode_couverte" not in datasets.load("magasins").attrs


def test_finding_is_exported():
    assert Finding("info", "x").lignes == [] and isinstance(import_orders(CSV_MODELE), Import)


def test_orders_are_labelled_by_their_line_in_the_file_and_the_tables_name_the_same_lines():
    rows = template_rows()
    imp = import_orders(CSV_MODELE)
    avoirs = [i + 2 for i, r in enumerate(rows) if comma(r["Montant HT (€)"]) < 0]  # line 1: the headers
    assert imp.commandes.index.tolist() == list(range(2, len(rows) + 2))
    with pytest.warns(Warning) as caught:
        from kpilab import tables
        tables.average_order_value_by(imp.commandes)
    text = " ".join(str(w.message) for w in caught)
    assert f"lignes {', '.join(map(str, avoirs))} du tableau" in text
    assert all(str(line) in " ".join(f.message for f in imp.findings) for line in avoirs)


def test_a_filtered_frame_imports_with_its_own_rows(tmp_path):
    rows = template_rows()
    imp = import_orders(CSV_MODELE)
    later = imp.commandes[imp.commandes["date"] >= "2025-02-12"]  # an index that does not start at 0
    again = import_orders(later)
    expected = [dt.datetime.strptime(r["Date"], "%d/%m/%Y") for r in rows]
    expected = [pd.Timestamp(d) for d in expected if d >= dt.datetime(2025, 2, 12)]
    assert again.rejets.empty and again.commandes["date"].tolist() == expected
