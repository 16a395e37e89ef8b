"""Fixed facts the import builds on and checks against: the seven
circulaires, the twelve clusters of the algemene uitkering, the published
totals and uitkeringsfactors, and the known spellings and quirks of the sources."""
from decimal import Decimal

# The seven circulaires: (file id, label, uitkeringsjaar, source code).
CIRCULAIRES = [
    ('mei2022_2023', 'mei 2022', 2023, 'M2022'),
    ('mei2023_2024', 'mei 2023', 2024, 'M2023'),
    ('sep2023_2024', 'september 2023', 2024, 'S2023'),
    ('mei2024_2024', 'mei 2024', 2024, 'M2024'),
    ('mei2024_2025', 'mei 2024', 2025, 'M2024'),
    ('sep2024_2024', 'september 2024', 2024, 'S2024'),
    ('sep2024_2025', 'september 2024', 2025, 'S2024'),
]
CIRC_ORDER = ['mei 2022', 'mei 2023', 'september 2023', 'mei 2024', 'september 2024']
CIRC_LABEL = {'M': 'mei', 'S': 'september'}        # source code letter -> label
EXACT_CBS = {'mei2024_2024', 'sep2024_2024'}       # volumes with exact CBS counts
NO_CBS_COLUMN = {'mei2024_2025'}                   # SIUDU file without CBS codes
CBS_COPY = {'sep2023_2024'}                        # SIUDU file repeating "CBS"
REGELINGEN = [  # (output name, SIUDU column: case-insensitive, otherwise exact)
    ('iu_beschermd_wonen', 'Beschermd wonen'),
    ('du_maatschappelijke_opvang', 'maatschappelijke opvang'),
    ('du_vrouwenopvang', 'vrouwenopvang'),
    ('du_nationaal_actieplan_dakloosheid', 'Nationaal Actieplan Dakloosheid'),
]
NAD_FROM = {'mei 2024', 'september 2024'}          # circulaires with the NAD column
# IU beschermd wonen, sum over the 43 centrumgemeenten, per circulaire and year.
BW_TOTALS = {('mei 2022', 2023): 1532904000, ('mei 2023', 2024): 1642005004,
             ('september 2023', 2024): 1642004999, ('mei 2024', 2024): 1730992000,
             ('september 2024', 2024): 1730991997, ('mei 2024', 2025): 1731664997,
             ('september 2024', 2025): 1745850000}
# Inhabitants of the Netherlands on 1 January (the sum the gemeenten must give)
# and the number of gemeenten in each year's list.
NL_TOTALS = {2021: 17475415, 2022: 17590672, 2023: 17811291, 2024: 17942942,
             2025: 18045532}
COUNTS = {2021: 352, 2022: 345, 2023: 342, 2024: 342, 2025: 342}
WEESP = 'GM0457'    # joined Amsterdam on 24 March 2022, before the mei 2022 circulaire
AMSTERDAM = 'GM0363'

# Official name (as in the gemeente lists) -> spelling in the CBS StatLine
# export and in the Gemeenteklassen files (suffix for ambiguous names).
CBS_SUFFIX = {
    "'s-Gravenhage": "'s-Gravenhage (gemeente)", 'Beek': 'Beek (L.)',
    'Groningen': 'Groningen (gemeente)', 'Hengelo': 'Hengelo (O.)',
    'Laren': 'Laren (NH.)', 'Middelburg': 'Middelburg (Z.)',
    'Rijswijk': 'Rijswijk (ZH.)', 'Stein': 'Stein (L.)',
    'Utrecht': 'Utrecht (gemeente)',
}
# The 2022 list lost the "â" of Fryslân (names and province): put it back.
REPAIR_2022 = {'Súdwest-Fryslan': 'Súdwest-Fryslân',
               'Noardeast-Fryslan': 'Noardeast-Fryslân', 'Fryslan': 'Fryslân'}
# Spellings in the M2022_2023 circulaire files -> official name.
CIRC_NAMES = {'Bergen (NH)': 'Bergen (NH.)', 'Bergen (L)': 'Bergen (L.)',
              'Nuenen. Gerwen en Nederwetten': 'Nuenen, Gerwen en Nederwetten'}
PROVINCE_ALIAS = {'Friesland': 'Fryslân'}          # Gemeenteklassen_2024

# Weights (Gewichten files) and the algemene-uitkering models.
# The twelve clusters in the sources' column order, in the output spelling: the
# sources write two of them with a "," (tab files) or a "." (M2022 file).
CLUSTERS = ['Sociale basisvoorzieningen', 'Participatie', 'Individuele voorzieningen Wmo',
            'Individuele voorzieningen Jeugd', 'Bestuur en ondersteuning',
            'Orde en veiligheid', 'Onderwijs', 'Sport cultuur en recreatie',
            'Infrastructuur ruimte en milieu', 'Overig', 'Overige eigen middelen',
            'Onroerendezaakbelasting']
CLUSTER_SPELLING = {
    'Sport, cultuur en recreatie': 'Sport cultuur en recreatie',
    'Sport. cultuur en recreatie': 'Sport cultuur en recreatie',
    'Infrastructuur, ruimte en milieu': 'Infrastructuur ruimte en milieu',
    'Infrastructuur. ruimte en milieu': 'Infrastructuur ruimte en milieu'}
OZB, OEM = 'Onroerendezaakbelasting', 'Overige eigen middelen'
# Their indexes in a weight row [code, description, 12 clusters, totaal, volume column].
IZ, IE = 2 + CLUSTERS.index(OZB), 2 + CLUSTERS.index(OEM)
# "Scaled or not" is a flag per maatstaf, not per cluster: the OZB
# inkomstenmaatstaven are not multiplied by the uitkeringsfactor (Bfv 2001
# art. 1c; Financiële-verhoudingswet art. 10-11), every other weight row is.
# Checked per circulaire: each has a negative weight in the cluster
# Onroerendezaakbelasting and nothing elsewhere; the only other rows with a
# weight in that cluster are OZB_SCALED_PARTS, and the only row with a weight
# in Overige eigen middelen is OEM_ROWS, all of them with weights in other
# clusters too (parts of one expense maatstaf, so scaled as a whole).
UNSCALED = ['WOZnwe70', 'WOZnwg70', 'WOZwe80']
OZB_SCALED_PARTS = ['vast', 'woonr']
OEM_ROWS = ['inwo']
WEIGHT_ROW = {'vast nieuw': 'vast'}     # volume column -> weight row, where they differ
VAST_VOLUME = {'M2022': 'vast'}         # volume column of row vast; otherwise "vast nieuw"
# Codes of the M2022 Gewichten file -> the code of maatstaven.csv (checked: same
# description).
CODE_ALIAS = {'cflandelijk': 'cf.landelijk', 'cflokaal': 'cf.lokaal',
              'cfregionaal': 'cf.regionaal'}
# Fixed amounts (one unit x weight): row -> the only gemeente with 1 unit, None
# for every gemeente (checked in the volumes: 1 there, 0 elsewhere).
FIXED = {'vast': None, 'Amsterdam': 'GM0363', 'Den Haag': 'GM0518', 'Rotterdam': 'GM0599'}
# Rows whose Totaal is not the sum of their cluster weights in the source:
# (file id, code) -> (sum of the clusters, Totaal). Any other difference fails,
# and so does an entry here that the source no longer shows.
TOTAAL_DIFFS = {('mei2023_2024', 'lidr_w_nw'): ('3758.75', '3758.76'),
                ('sep2023_2024', 'lidr_w_nw'): ('3778.99', '3779.00'),
                ('mei2024_2024', 'lidr_w_nw'): ('3784.11', '3784.12'),
                ('mei2024_2025', 'lidr_w_nw'): ('3762.66', '3762.65'),
                ('sep2024_2024', 'lidr_w_nw'): ('3784.11', '3784.12'),
                ('sep2024_2025', 'lidr_w_nw'): ('3762.66', '3762.65')}
# The uitkeringsfactor as each circulaire publishes it (3 decimals).
UF_PUBLISHED = {('mei 2022', 2023): '1.285', ('mei 2023', 2024): '1.395',
                ('september 2023', 2024): '1.406', ('mei 2024', 2024): '1.414',
                ('september 2024', 2024): '1.420', ('mei 2024', 2025): '1.457',
                ('september 2024', 2025): '1.457'}
# Order of magnitude for mei 2024 -> 2024 with uf 1.414: about 38.42 bn euro in
# all and about 2,669 M euro for Amsterdam (README, "Auditing the algemene
# uitkering"); tools/import fails beyond 0.5%.
AU_CHECK = ('mei2024_2024', Decimal('38.42E9'), AMSTERDAM, Decimal('2669E6'),
            Decimal('0.005'))
# The Analysedata_GF files (the repository's own AU per gemeente and cluster,
# without the vast bedrag) serve only as a cross-check of the computation. The
# one of september 2024 -> 2024 also holds the SIUDU amounts of every column but
# these, each in the cluster its weight-1 row of the Gewichten file gives.
ANALYSE_SIUDU_EXCEPT = {'sep2024_2024': ['Beschermd wonen', 'Participatie', 'ART.12']}
ANALYSE_TOLERANCE = Decimal('0.01')      # euro per value: their figures are floats


def style_of(circ):
    """(number style, separator) of a circulaire's files."""
    return ('dot', ',') if circ == 'M2022' else ('nl', '\t')
