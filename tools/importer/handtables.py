"""The two tables entered by hand, not read from raw files: the
gemeentelijke herindelingen of 2021-2025 and the beschermd-wonen regions
known from public documents. datasets/ checks both against the gemeente lists."""
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

# Beschermd-wonen regions known from public documents (gemeenschappelijke
# regelingen of the two regions), hand-entered, not from the raw files:
# centrumgemeente -> members, names as those documents write them.
# PARTIAL: 2 of the 43 regions.
REGIOS_BW = {
    'Eindhoven': ['Bergeijk', 'Best', 'Bladel', 'Cranendonck', 'Eersel', 'Eindhoven',
                  'Geldrop-Mierlo', 'Heeze-Leende', 'Nuenen c.a.', 'Oirschot',
                  'Reusel-De Mierden', 'Son en Breugel', 'Valkenswaard', 'Veldhoven',
                  'Waalre'],
    "'s-Hertogenbosch": ['Boxtel', "'s-Hertogenbosch", 'Maasdriel', 'Meierijstad',
                         'Sint-Michielsgestel', 'Vught', 'Zaltbommel'],
}
REGIO_SIZES = {'Eindhoven': 15, "'s-Hertogenbosch": 7}
REGIO_NAMES = {'Nuenen c.a.': 'Nuenen, Gerwen en Nederwetten'}   # -> official name
