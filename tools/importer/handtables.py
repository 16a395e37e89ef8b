"""The two tables entered by hand, not read from raw files: the
gemeentelijke herindelingen of 2021-2025 and the beschermd-wonen regions
named in public documents, with their citations. datasets/ checks both against the gemeente lists."""
from .facts import WEESP

# Gemeentelijke herindelingen between the 2021 and 2025 lists, hand-entered
# because the lists do not say which new gemeente took in which old one:
# (datum, old code, old name, new code, new name). Facts: CBS "Gemeentelijke
# indelingen per jaar" (indelingen on 1 January 2022 and 2023) and CBS news of
# December 2021 (345 gemeenten on 1 January 2022, 344 from 24 March 2022);
# Wet herindeling Amsterdam en Weesp (Kamerstuk 35 623), in force 24 March
# 2022. datasets/herindelingen.py checks the table against the lists.
HERINDELINGEN = [
    ('2022-01-01', 'GM0370', 'Beemster', 'GM0439', 'Purmerend'),
    ('2022-01-01', 'GM0398', 'Heerhugowaard', 'GM1980', 'Dijk en Waard'),
    ('2022-01-01', 'GM0416', 'Langedijk', 'GM1980', 'Dijk en Waard'),
    ('2022-01-01', 'GM0756', 'Boxmeer', 'GM1982', 'Land van Cuijk'),
    ('2022-01-01', 'GM1684', 'Cuijk', 'GM1982', 'Land van Cuijk'),
    ('2022-01-01', 'GM0786', 'Grave', 'GM1982', 'Land van Cuijk'),
    ('2022-01-01', 'GM0815', 'Mill en Sint Hubert', 'GM1982', 'Land van Cuijk'),
    ('2022-01-01', 'GM1702', 'Sint Anthonis', 'GM1982', 'Land van Cuijk'),
    ('2022-01-01', 'GM1685', 'Landerd', 'GM1991', 'Maashorst'),
    ('2022-01-01', 'GM0856', 'Uden', 'GM1991', 'Maashorst'),
    ('2022-03-24', WEESP, 'Weesp', 'GM0363', 'Amsterdam'),
    ('2023-01-01', 'GM0501', 'Brielle', 'GM1992', 'Voorne aan Zee'),
    ('2023-01-01', 'GM0530', 'Hellevoetsluis', 'GM1992', 'Voorne aan Zee'),
    ('2023-01-01', 'GM0614', 'Westvoorne', 'GM1992', 'Voorne aan Zee'),
]
HERINDELING_TOLERANCE = 20     # inhabitants check: |after - before| <= after / 20

# Beschermd-wonen regions named in public documents, hand-entered, not from
# the raw files: one entry per region with the centrumgemeente, the members as
# the document writes them, the kind of knowledge (SOORT_*), the citation and
# the first and last year (of 2021-2025) the document covers. A cooperation
# agreement is not proof of the region the IU BW key uses: these regions are
# "named in a gemeenschappelijke regeling", and a user's complete file (a CBS
# "Gebieden in Nederland" export) replaces them. PARTIAL: 7 of the 43 regions.
SOORT_GR = 'genoemd in gemeenschappelijke regeling'
SOORT_EERDER = 'eerder geleverd'
REGIOS_BW = [
    {'centre': 'Eindhoven', 'soort': SOORT_EERDER, 'years': (2021, 2025),
     'bron': ('regio Eindhoven: publieke documenten (gemeenschappelijke regeling) van de '
              'regio, zonder documentnummer; in elk jaar dezelfde leden'),
     'members': ['Bergeijk', 'Best', 'Bladel', 'Cranendonck', 'Eersel', 'Eindhoven',
                 'Geldrop-Mierlo', 'Heeze-Leende', 'Nuenen c.a.', 'Oirschot',
                 'Reusel-De Mierden', 'Son en Breugel', 'Valkenswaard', 'Veldhoven',
                 'Waalre']},
    {'centre': "'s-Hertogenbosch", 'soort': SOORT_EERDER, 'years': (2021, 2025),
     'bron': ("regio Meierij-Bommelerwaard: publieke documenten (gemeenschappelijke "
              "regeling) van de regio, zonder documentnummer; in elk jaar dezelfde leden"),
     'members': ['Boxtel', "'s-Hertogenbosch", 'Maasdriel', 'Meierijstad',
                 'Sint-Michielsgestel', 'Vught', 'Zaltbommel']},
    {'centre': 'Bergen op Zoom', 'soort': SOORT_GR, 'years': (2025, 2025),
     'bron': 'lokaleregelgeving.overheid.nl CVDR744215, in werking vanaf 2025-10-01',
     'members': ['Bergen op Zoom', 'Halderberge', 'Roosendaal', 'Rucphen', 'Steenbergen',
                 'Woensdrecht']},
    {'centre': 'Breda', 'soort': SOORT_GR, 'years': (2022, 2025),
     'bron': 'lokaleregelgeving.overheid.nl CVDR675035, in werking vanaf 2022-04-01',
     'members': ['Altena', 'Breda', 'Drimmelen', 'Etten-Leur', 'Geertruidenberg', 'Moerdijk',
                 'Oosterhout', 'Zundert']},
    {'centre': 'Groningen', 'soort': SOORT_GR, 'years': (2024, 2025),
     'bron': 'Gemeenteblad 2024, 324624',
     'members': ['Eemsdelta', 'Het Hogeland', 'Groningen', 'Midden-Groningen', 'Oldambt',
                 'Pekela', 'Stadskanaal', 'Veendam', 'Westerkwartier', 'Westerwolde']},
    {'centre': 'Delft', 'soort': SOORT_GR, 'years': (2022, 2025),
     'bron': 'lokaleregelgeving.overheid.nl CVDR681555, looptijd 2022-2026',
     'members': ['Delft', 'Midden-Delfland', 'Pijnacker-Nootdorp', 'Westland']},
    {'centre': 'Enschede', 'soort': SOORT_GR, 'years': (2022, 2025),
     'bron': 'gemeente Borne, nieuwsbericht 2021-12-10; raadsinformatie gemeente Hengelo',
     'members': ['Borne', 'Dinkelland', 'Enschede', 'Haaksbergen', 'Hengelo',
                 'Hof van Twente', 'Losser', 'Oldenzaal']},
]
REGIO_SIZES = {'Eindhoven': 15, "'s-Hertogenbosch": 7, 'Bergen op Zoom': 6, 'Breda': 8,
               'Groningen': 10, 'Delft': 4, 'Enschede': 8}
REGIO_NAMES = {'Nuenen c.a.': 'Nuenen, Gerwen en Nederwetten'}   # -> official name
