"""Readers of the raw formats, one module per kind of raw file: each checks
the file's own layout (header, codes, names, numbers) and returns plain
rows; checks that join two sources live in importer.checks and datasets/."""
