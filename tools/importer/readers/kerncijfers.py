"""The CBS StatLine export "Regionale kerncijfers Nederland" (table 70072ned):
total population on 1 January per year and region name."""
from ..errors import Fail
from ..raw import expect_header
from ..sources import KERN


def read_kerncijfers(raw):
    """{(year as text, region name as StatLine writes it): inhabitants as text}."""
    kern = raw.table(KERN, ';')
    expect_header(kern, ['Perioden', "Regio's", 'Bevolking/Bevolkingssamenstelling '
                         'op 1 januari/Totale bevolking (aantal)'])
    kvalue = {}
    for line, f in kern.rows:
        if (f[0], f[1]) in kvalue:
            raise Fail(f'{kern.where(line)}: {f[0]} "{f[1]}" repeated')
        kvalue[f[0], f[1]] = f[2]
    return kvalue
