"""The class's hub accounts (kpilab/hub/accounts.py) and hand-out links (kpilab/hub/links.py)."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlsplit

import pytest

from kpilab.errors import KPIError
from kpilab.hub import links

CLASS = "nom;prenom\nMartin;Léa\nDurand;Paul\n"


@pytest.fixture
def hub_db(tmp_path):
    """A JupyterHub database as the hub creates it at its first start."""
    orm = pytest.importorskip("jupyterhub.orm", reason="the hub extra (make test installs it)")
    pytest.importorskip("nativeauthenticator")
    url = f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    orm.new_session_factory(url)().close()
    return url


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_accounts_are_made_once_with_passwords_that_log_in(tmp_path, hub_db):
    import bcrypt
    from nativeauthenticator.orm import UserInfo
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from kpilab.hub.accounts import create_accounts

    class_list = tmp_path / "classe.csv"
    class_list.write_text(CLASS, encoding="utf-8")
    create_accounts(class_list, hub_db, tmp_path / "comptes.csv")
    rows = _read(tmp_path / "comptes.csv")
    assert [(r["etudiant"], r["identifiant"]) for r in rows] == [("Léa Martin", "martin-lea"), ("Paul Durand", "durand-paul")]
    assert len({r["mot_de_passe"] for r in rows}) == 2
    engine = create_engine(hub_db)
    with Session(engine) as db:
        for row in rows:
            user = UserInfo.find(db, row["identifiant"])
            assert user.is_authorized
            assert bcrypt.checkpw(row["mot_de_passe"].encode(), user.password)
    # A new student joins: only their account is made, the others keep their passwords.
    class_list.write_text(CLASS + "Bernard;Zoé\n", encoding="utf-8")
    made = create_accounts(class_list, hub_db, tmp_path / "comptes2.csv")
    assert [(user, password is None) for _, user, password in made] == [
        ("martin-lea", True), ("durand-paul", True), ("bernard-zoe", False)]
    assert [r["identifiant"] for r in _read(tmp_path / "comptes2.csv")] == ["bernard-zoe"]
    with Session(engine) as db:
        assert bcrypt.checkpw(rows[0]["mot_de_passe"].encode(), UserInfo.find(db, "martin-lea").password)
    engine.dispose()


def test_the_passwords_file_is_never_replaced_and_the_hub_must_exist(tmp_path, hub_db):
    from kpilab.hub.accounts import create_accounts

    class_list = tmp_path / "classe.csv"
    class_list.write_text(CLASS, encoding="utf-8")
    (tmp_path / "comptes.csv").write_text("déjà là", encoding="utf-8")
    with pytest.raises(KPIError, match="existe déjà"):
        create_accounts(class_list, hub_db, tmp_path / "comptes.csv")
    assert (tmp_path / "comptes.csv").read_text(encoding="utf-8") == "déjà là"
    with pytest.raises(KPIError, match="démarré"):
        create_accounts(class_list, f"sqlite:///{tmp_path / 'vide.sqlite'}", tmp_path / "autre.csv")


def test_the_hand_out_link_asks_nbgitpuller_for_the_course_and_the_notebook():
    link = links.handout_link("https://hub.lycee.fr/", "https://forge.lycee.fr/prof/cours.git",
                              "exercises/01_exercices_taux_de_reponse.ipynb", branch="eleves")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.lycee.fr", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {
        "repo": ["https://forge.lycee.fr/prof/cours.git"], "branch": ["eleves"], "targetpath": ["kpilab-cours"],
        "urlpath": ["lab/tree/kpilab-cours/exercises/01_exercices_taux_de_reponse.ipynb"]}
