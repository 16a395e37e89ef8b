"""Numbers as text, never through float: raw numbers in Dutch or dot notation
converted to plain dot-decimal text digit for digit, whole euros, CBS
gemeente codes, the exact Decimal context and rounding to cents."""
import re
from decimal import (ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation,
                     Rounded, localcontext)

from .errors import Fail

NUM = {'nl': re.compile(r'(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?'),
       'dot': re.compile(r'(-?)(\d+)(?:\.(\d+))?')}
EXP = {'nl': re.compile(r'(-?)(\d+)(?:,(\d+))?E([+-]?\d+)'),
       'dot': re.compile(r'(-?)(\d+)(?:\.(\d+))?E([+-]?\d+)')}

# Exact arithmetic: any rounding or inexact result traps instead of passing.
EXACT = Context(prec=200, traps=[Inexact, Rounded, InvalidOperation])


def num(text, style, where):
    """Convert a raw number to plain dot-decimal text by string operations.
    style 'nl': ',' is the decimal mark and '.' groups thousands (groups of
    three enforced); 'dot': '.' is the decimal mark, no grouping. Spaces
    around are dropped; '-' alone means 0. Spreadsheet exponent notation
    ("1,94044E+11") is expanded by moving the point (194044000000). Fail on
    anything else."""
    s = text.strip()
    if s == '-':
        return '0'
    m = NUM[style].fullmatch(s)
    if m:
        sign, whole, frac = m.groups()
        return sign + whole.replace('.', '') + ('.' + frac if frac else '')
    m = EXP[style].fullmatch(s.upper())
    if not m:
        raise Fail(f'{where}: "{text}" is not a number in {style} notation')
    sign, whole, frac, exp = m.groups()
    digits, point = whole + (frac or ''), len(whole) + int(exp)
    if point >= len(digits):
        whole, frac = digits + '0' * (point - len(digits)), ''
    elif point <= 0:
        whole, frac = '0', '0' * -point + digits
    else:
        whole, frac = digits[:point], digits[point:]
    return sign + (whole.lstrip('0') or '0') + ('.' + frac if frac else '')


def euros(text, style, where):
    """Whole-euro amount as int; a fraction, if given, must be all zeros."""
    whole, _, frac = num(text, style, where).partition('.')
    if frac.strip('0'):
        raise Fail(f'{where}: "{text}" is not a whole number of euros')
    return int(whole)


def gm(code, where):
    """CBS gemeente number (up to 4 digits) -> code GMnnnn; Fail otherwise."""
    if not code.isdigit() or len(code) > 4:
        raise Fail(f'{where}: "{code}" is not a CBS gemeente number')
    return 'GM' + code.zfill(4)


def cents(x):
    """x rounded half away from zero to whole cents, as text."""
    with localcontext(Context(prec=200)):
        return str(x.quantize(Decimal('0.01'), ROUND_HALF_UP))
