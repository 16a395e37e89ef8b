"""One module per output file (or family of files) of models/nl/: each
builds the rows from the readers, runs its checks and adds the file with
its comment lines to an Output."""
