"""Vectorised generation of the Roue Libre tables: :func:`generate_tables`.

The model, in short (each part in its own module):

- campaigns (:mod:`~kpilab.datasets.leads`): contacts, bounced contacts and
  responses are binomial draws with channel-dependent rates
  (:data:`catalog.CHANNEL_MODELS`);
- leads (:mod:`~kpilab.datasets.leads`): part of a campaign's responses, plus
  inbound leads (web form, recommendations); each lead is won with a
  probability that depends on its source, then closes after a right-skewed
  delay; deals still open on 2025-12-31 are ``en_cours``;
- private customers (:mod:`~kpilab.datasets.customers`) join between 2021 and
  2025 (seasonal, growing); each buys following a Poisson process whose rate
  depends on the segment, during an exponential lifetime after which the
  customer is lost (churn);
- anonymous shop tickets (:mod:`~kpilab.datasets.customers`): a Poisson count
  per shop and opening day;
- baskets (:mod:`~kpilab.datasets.baskets`): a bike with a probability that
  depends on the customer and the season, the electric share growing over
  time, a helmet and a lock added with attach probabilities (higher at
  Croix-Rousse from 2025-03-01);
- B2B (:mod:`~kpilab.datasets.b2b`): one order per won deal on the signature
  day, sometimes a re-order;
- footfall (:mod:`~kpilab.datasets.footfall`): visitors = tickets +
  non-buying visitors (Poisson), so that the transformation rate stays near
  the shop's usual rate;
- the shops' own tables (passers-by, stock counts, sellers):
  :mod:`~kpilab.datasets.shop_tables`.

The calendar is :mod:`~kpilab.datasets.days`, the random-draw helpers
:mod:`~kpilab.datasets.sampling`, the integer codes and cent prices
:mod:`~kpilab.datasets.codes`; this module draws the parts in order and
assembles the tables (columns made by :mod:`~kpilab.datasets.frames`).

Every step works on whole NumPy arrays; the only Python loops are over
campaigns, points of sale, categories and segments. Money is computed in
integer cents, so sums are exact to the cent. The random draws come from
``numpy.random.default_rng(seed)`` (one independent stream per part, so that
changing the leads does not reshuffle the orders); the same seed with the
same NumPy version (pinned in ``requirements.lock``) gives the same bytes.
Outside the generator's own draws, only arithmetic touches the values (no
vectorised ``exp``/``log``, whose last bit may vary between CPUs).

>>> tables = generate_tables(seed=1, scale=0.02)
>>> list(tables) == list(schema.ALL_TABLES), tables["commandes"].attrs
(True, {'seed': 1, 'scale': 0.02})
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpilab.datasets import catalog as cat
from kpilab.datasets import schema
from kpilab.datasets.b2b import _b2b
from kpilab.datasets.baskets import _retail_lines
from kpilab.datasets.codes import B2B, B2B_POS, MAGASIN, PRODUCT_CAT, PURCHASE_HT, WEB, WEB_POS, _with_vat
from kpilab.datasets.customers import _private_customers, _retail_orders
from kpilab.datasets.days import calendar
from kpilab.datasets.footfall import _footfall
from kpilab.datasets.frames import MISSING, _category, _dates, _ids, _money, _str
from kpilab.datasets.leads import _campaigns, _leads


def generate_tables(seed: int = 2024, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the course tables (see :func:`kpilab.datasets.generate`)."""
    cal = calendar()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    rng_camp, rng_lead, rng_people, rng_orders, rng_lines, rng_b2b, rng_foot = streams
    # The shops' tables draw from three more children of the same seed: the seven above (and
    # so the customer journey's tables) stay what they were.
    shop_streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)[7:]]

    camp = _campaigns(rng_camp, scale)
    leads = _leads(rng_lead, scale, cal, camp)
    people = _private_customers(rng_people, scale, cal)
    retail = _retail_orders(rng_orders, scale, cal, people)
    retail_lines = _retail_lines(rng_lines, cal, retail)

    # Clients: private customers, then one company per won deal.
    won = np.flatnonzero(leads["status"] == 0)
    n_people, n_comp = len(people["day"]), len(won)
    company = n_people + np.arange(n_comp)
    b2b_orders, b2b_lines = _b2b(rng_b2b, leads, won, company)

    client_day = np.concatenate([people["day"], leads["close"][won]])
    client_order = np.lexsort((rng_people.random(n_people + n_comp), client_day))
    client_rank = np.empty_like(client_order)
    client_rank[client_order] = np.arange(len(client_order))
    client_ids = _ids("CL", n_people + n_comp, 5)

    # Orders: retail then B2B, renumbered by day, channel, point of sale.
    n_retail, n_b2b = len(retail["day"]), len(b2b_orders["day"])
    day = np.concatenate([retail["day"], b2b_orders["day"]])
    channel = np.concatenate([retail["channel"], np.full(n_b2b, B2B)])
    pos = np.concatenate([retail["pos"], np.full(n_b2b, B2B_POS)])
    client = np.concatenate([retail["client"], b2b_orders["client"]])
    del retail, b2b_orders  # free memory early at large scales
    order_sort = np.lexsort((rng_orders.random(n_retail + n_b2b), pos, channel, day))
    order_rank = np.empty_like(order_sort)
    order_rank[order_sort] = np.arange(len(order_sort))
    order_ids = _ids("CMD", len(order_sort), 6)

    line_order = np.concatenate([order_rank[retail_lines["order"]], order_rank[n_retail + b2b_lines["order"]]])
    product = np.concatenate([retail_lines["product"], b2b_lines["product"]])
    quantity = np.concatenate([retail_lines["quantity"], b2b_lines["quantity"]])
    price = np.concatenate([retail_lines["price"], b2b_lines["price"]])
    del retail_lines, b2b_lines
    line_sort = np.lexsort((product, line_order))
    line_order, product, quantity, price = (a[line_sort] for a in (line_order, product, quantity, price))
    amount = quantity * price
    starts = np.flatnonzero(np.r_[True, line_order[1:] != line_order[:-1]])
    line_no = np.arange(len(line_order)) - np.repeat(starts, np.diff(np.r_[starts, len(line_order)])) + 1
    n_orders = len(order_sort)
    order_ht = np.bincount(line_order, weights=amount, minlength=n_orders).astype(np.int64)
    order_items = np.bincount(line_order, weights=quantity, minlength=n_orders).astype(np.int64)
    order_ttc = _with_vat(order_ht)

    # Deal amount = total of the order placed on the signature day.
    deal_amount = order_ht[order_rank[n_retail + np.arange(n_comp)]]

    tables = {}
    tables["campagnes"] = pd.DataFrame(
        {
            "campagne_id": _str(_ids("C", len(cat.CAMPAIGNS), 2)),
            "nom": _str([c.name for c in cat.CAMPAIGNS]),
            "canal": _category(
                np.array([cat.CAMPAIGN_CHANNELS.index(c.channel) for c in cat.CAMPAIGNS]), "campagnes", "canal"
            ),
            "date_debut": _dates(camp["start"]),
            "date_fin": _dates(camp["end"]),
            "cout_ht": _money(camp["cost"]),
            "contacts": camp["contacts"],
            "contacts_invalides": camp["invalid"],
            "reponses": camp["responses"],
        }
    )

    n_leads = len(leads["first"])
    campaign_ids = np.asarray(tables["campagnes"]["campagne_id"], dtype=object)
    lead_campaign = np.where(leads["campaign"] >= 0, campaign_ids[np.maximum(leads["campaign"], 0)], None)
    lead_client = np.full(n_leads, None, dtype=object)
    lead_client[won] = client_ids[client_rank[company]]
    lead_amount = np.full(n_leads, np.nan)
    lead_amount[won] = _money(deal_amount)
    status = leads["status"]
    prospect_ids = _ids("P", n_leads, 4)
    tables["prospects"] = pd.DataFrame(
        {
            "prospect_id": _str(prospect_ids),
            "entreprise": _str(leads["name"]),
            "secteur": _category(leads["sector"], "prospects", "secteur"),
            "taille": _category(leads["size"], "prospects", "taille"),
            "source": _category(leads["source"], "prospects", "source"),
            "campagne_id": _str(lead_campaign),
            "commercial": _category(leads["salesperson"], "prospects", "commercial"),
            "date_premier_contact": _dates(leads["first"]),
            "statut": _category(status, "prospects", "statut"),
            "date_signature": _dates(np.where(status == 0, leads["close"], MISSING)),
            "date_abandon": _dates(np.where(status == 1, leads["close"], MISSING)),
            "nb_velos": leads["nb_bikes"],
            "montant_ht": lead_amount,
            "client_id": _str(lead_client),
        }
    )

    client_type = np.concatenate([np.zeros(n_people, np.int64), np.ones(n_comp, np.int64)])
    client_segment = np.concatenate([people["segment"], np.full(n_comp, len(cat.SEGMENTS))])
    client_channel = np.concatenate([np.where(people["web"], WEB, MAGASIN), np.full(n_comp, B2B)])
    client_pos = np.concatenate([np.where(people["web"], WEB_POS, people["home"]), np.full(n_comp, B2B_POS)])
    client_prospect = np.concatenate([np.full(n_people, None, dtype=object), prospect_ids[won]])
    s = client_order
    tables["clients"] = pd.DataFrame(
        {
            "client_id": _str(client_ids),
            "type_client": _category(client_type[s], "clients", "type_client"),
            "segment": _category(client_segment[s], "clients", "segment"),
            "canal_acquisition": _category(client_channel[s], "clients", "canal_acquisition"),
            "point_de_vente": _category(client_pos[s], "clients", "point_de_vente"),
            "date_inscription": _dates(client_day[s]),
            "prospect_id": _str(client_prospect[s]),
        }
    )

    o = order_sort
    order_client = client[o]
    client_col = np.full(n_orders, None, dtype=object)
    known = order_client >= 0
    client_col[known] = client_ids[client_rank[order_client[known]]]
    tables["commandes"] = pd.DataFrame(
        {
            "commande_id": _str(order_ids),
            "date": _dates(day[o]),
            "canal": _category(channel[o], "commandes", "canal"),
            "point_de_vente": _category(pos[o], "commandes", "point_de_vente"),
            "client_id": _str(client_col),
            "nb_articles": order_items,
            "montant_ht": _money(order_ht),
            "montant_ttc": _money(order_ttc),
        }
    )

    tables["lignes_commande"] = pd.DataFrame(
        {
            "commande_id": _str(order_ids[line_order]),
            "ligne": line_no,
            "produit": _category(product, "lignes_commande", "produit"),
            "categorie": _category(PRODUCT_CAT[product], "lignes_commande", "categorie"),
            "quantite": quantity,
            "prix_unitaire_ht": _money(price),
            "prix_achat_unitaire_ht": _money(PURCHASE_HT[product]),
            "montant_ht": _money(amount),
        }
    )

    foot = _footfall(rng_foot, cal, dict(day=day, channel=channel, pos=pos))
    tables["frequentation"] = pd.DataFrame(
        {
            "date": _dates(foot["day"]),
            "point_de_vente": _category(foot["point"], "frequentation", "point_de_vente"),
            "visiteurs": foot["visitors"],
        }
    )

    from kpilab.datasets.shop_tables import shop_frames  # it reads this module's helpers

    tables.update(shop_frames(
        shop_streams, cal,
        orders=dict(day=day[o], channel=channel[o], pos=pos[o], amount=order_ht),
        lines=dict(order=line_order, product=product, quantity=quantity),
        foot=foot, order_ids=order_ids, scale=scale,
    ))

    for name, frame in tables.items():
        frame = schema.coerce(name, frame)
        frame.attrs.update(seed=seed, scale=scale)
        tables[name] = frame
    return {name: tables[name] for name in schema.ALL_TABLES}
