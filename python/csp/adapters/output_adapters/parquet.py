"""The Parquet writer under the import path of the reference csp package::

    from csp.adapters.output_adapters.parquet import ParquetOutputConfig, ParquetWriter

The same classes as ``csp.adapters.parquet`` (see there for the contract).
"""

from typing import Optional

from csp.adapters.parquet import ParquetOutputConfig, ParquetWriter

__all__ = ["ParquetOutputConfig", "ParquetWriter", "resolve_array_shape_column_name"]


def resolve_array_shape_column_name(column_name: str, user_provided_shape_column: Optional[str] = None) -> str:
    """The column holding the shapes of an N-dimensional array column: the one given, else
    ``<column_name>_csp_dimensions``."""
    return user_provided_shape_column or f"{column_name}_csp_dimensions"
