"""Names of the raw files the import reads and where each comes from: the
repository, commit and licence for the "source:" comment lines of every
output file (the raw directory's PROVENANCE.md describes the same files)."""
from .errors import Fail

TOOL = 'michielsd-begrotingsanalysetool__'
OLD = 'michielsd-begrotingsanalyse__GF_M2022_2023_'
KERN = 'menus12-DAwR-2024-covid__Regionale_kerncijfers_Nederland_23012024_192144.csv'
LIST21 = 'edugis-cbsbuurtwijkgemeente__gemeenten-alfabetisch-2021.csv'
LIST22 = 'menus12-DAwR-2024-covid__municipalities_alphabetically_2022.csv'
LIST23 = 'edugis-cbsbuurtwijkgemeente__gemeenten-alfabetisch-2023.csv'
UF_FILE = TOOL + 'GF_Uitkeringsfactor.csv'
CARTO = 'cartomap-nl__wgs84_gemeente_2025.topojson'

LIC_BZK = 'published figures of the Ministerie van BZK (gemeentefonds circulaires)'
LIC_CBS = 'CBS open data, CC BY 4.0 ("Bron: CBS")'
C_VW = '25a68d598c8aef940eb96832e3016e59f2b7542f'
C_SIUDU = 'f8c781f3eb3651e94d2c1609c12dad6cb71ace3e'
C_S2024 = '67ef7df6d30c95a6837cbfff1325bc17e5acc93b'


def klassen(year):
    """Raw file name of the Gemeenteklassen file of year."""
    return f'{TOOL}Gemeenteklassen_{year}.csv'


def cluster(circ, year, kind):
    """Raw file name of a circulaire file; kind Volumina, Gewichten or SIUDU."""
    if circ == 'M2022':
        return f'{OLD}{kind}.csv'
    return f'{TOOL}GF_Clusterdata_GF_{circ}_{year}_{kind}.csv'


def analysedata(circ, year):
    """Raw file name of the Analysedata_GF file of a circulaire (may not exist)."""
    return f'{TOOL}Analysedata_GF_GF_{circ}_{year}.csv'


def provenance(name):
    """(repository, commit, licence) of a raw file as PROVENANCE.md gives them;
    Fail for a file it does not describe."""
    tool = 'michielsd/begrotingsanalysetool (repository licence Apache-2.0)'
    if name.startswith(TOOL + 'GF_Clusterdata_'):
        commit = (C_S2024 if '_S2024_2024_' in name else
                  C_SIUDU if name.endswith('_SIUDU.csv') else C_VW)
        return tool, commit, LIC_BZK
    if name.startswith(TOOL + 'Gemeenteklassen_'):
        commit = {'2023': C_SIUDU, '2024': C_S2024,
                  '2025': 'b17a060a58c3f22c48320cd25d3421bf713bf8bb'}[name[-8:-4]]
        return tool, commit, LIC_CBS
    if name.startswith(OLD):
        commit = ('5425829859f71988fecaa61eeb61471d1df21ae8' if 'SIUDU' in name
                  else 'bf8b8481e1f982e968e3b5c32176c46cf99b3647')
        return ('michielsd/begrotingsanalyse (the repository states no licence)',
                commit, LIC_BZK)
    if name == KERN:
        return ('menus12/DAwR-2024-covid', 'b97f1cb776a73aa0abb2b17c342201c7a3610ef4',
                LIC_CBS + ', StatLine table 70072ned')
    if name == LIST22:
        return ('menus12/DAwR-2024-covid', '6ae2fa367d449f81d514c717f719fb2c60059d76',
                LIC_CBS)
    if name in (LIST21, LIST23):
        return ('edugis-repo/cbsbuurtwijkgemeente',
                '9a3127283d22f92f635f6decc90e1353017ff900', LIC_CBS)
    if name.startswith(TOOL + 'Analysedata_GF_'):
        return (tool, '6a2b70ed23a28c001cc77d51662be65cb368d13a',
                'the repository\'s own computation from the circulaire figures; '
                'used here only as a cross-check')
    if name == CARTO:
        return ('cartomap/nl, file wgs84/gemeente_2025.topojson (the repository states no '
                'licence for its files; its package.json says GPL-2 for the build scripts)',
                '01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6',
                'CBS open data, CC BY 4.0 ("Bron: CBS / PDOK"): PDOK service CBS '
                'gebiedsindelingen 2025, layer gemeente_gegeneraliseerd')
    if name == UF_FILE:
        return tool, 'c5af680d37626038c2a4abe64f7835f1bc7c6464', LIC_BZK
    raise Fail(f'{name}: no provenance known for this raw file')


def source_lines(raw, names):
    """Comment lines naming each (already read) raw file with repository,
    commit, licence and sha256."""
    out = []
    for n in names:
        repo, commit, lic = provenance(n)
        out += [f'source: {n}', f'  repository {repo}, commit {commit}',
                f'  licence: {lic}', f'sha256 {raw.sha[n]} {n}']
    return out
