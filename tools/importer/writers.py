"""Output bytes and files: CSV (RFC 4180) and flat YAML rendering with '# '
comment lines, LF line ends and UTF-8 without BOM; writing a tree of files,
each atomically (name.tmp, then os.replace), or comparing it with one on disk."""
import os
import re

YAML_WORDS = {'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null'}


def csv_line(fields):
    """One RFC 4180 record: quote only fields holding , " CR or LF."""
    out = []
    for f in map(str, fields):
        if any(c in f for c in ',"\r\n'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ','.join(out) + '\n'


def render(comments, header, rows):
    """File bytes: '# ' comment lines, the header, the data rows."""
    text = ''.join(f'# {c}\n' for c in comments)
    return (text + csv_line(header) + ''.join(map(csv_line, rows))).encode('utf-8')


def yaml_value(v):
    """A YAML flow value: ints and decimals (1.414) plain, lists as [a, b],
    simple words plain, anything else double-quoted."""
    if isinstance(v, list):
        return '[' + ', '.join(map(yaml_value, v)) + ']'
    s = str(v)
    if isinstance(v, int) or re.fullmatch(r'\d+\.\d+', s) or (
            re.fullmatch(r'[A-Za-z][\w.+ -]*[\w.+]', s) and s.lower() not in YAML_WORDS):
        return s
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def render_yaml(comments, entries):
    """File bytes of a flat YAML mapping: '# ' comment lines, then one line
    per (key, value[, trailing comment]) in the given order."""
    text = ''.join(f'# {c}\n' for c in comments)
    for key, value, *note in entries:
        text += f'{key}: {yaml_value(value)}' + ''.join(f'  # {x}' for x in note) + '\n'
    return text.encode('utf-8')


def compare_tree(out, files):
    """Print "differs:"/"missing:" for every file of files ({relative path:
    (bytes, rows)}) not exactly so under out; return how many."""
    bad = 0
    for rel, (data, _) in sorted(files.items()):
        path = out / rel
        if not path.is_file() or path.read_bytes() != data:
            print(f'{"differs" if path.is_file() else "missing"}: {path}')
            bad += 1
    return bad


def write_tree(out, files):
    """Write every file of files under out atomically, in path order, and
    print each path with its number of data rows."""
    for rel, (data, n) in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + '.tmp')
        tmp.write_bytes(data)
        os.replace(tmp, path)
        print(f'{path} {n}')
