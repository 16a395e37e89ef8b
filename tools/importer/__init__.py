"""The dataset import behind tools/import: builds models/nl/ from the public
raw files (README, section "Models and data"). readers/ parse one raw format
each, datasets/ turn them into one output file each, pipeline.build() runs
them in order and cli.main() checks or writes the result."""
