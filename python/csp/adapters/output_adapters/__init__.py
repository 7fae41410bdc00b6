"""Output adapters by file format; ``csp.adapters.output_adapters.parquet`` holds the Parquet writer."""
