"""What the file readers (CSV, Parquet) share (private): one native source per
engine shared by a reader's subscriptions, their graph nodes, and the struct
fields no column provides."""

from __future__ import annotations

import copy
from typing import Iterable, List

from csp.impl.struct import _UNSET, is_struct_type
from csp.impl.types import ts
from csp.impl.wiring.adapters import PushMode
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import NodeInstance, native_of_tstype
from csp.impl.wiring.memo import memoized_call


class SourceSubscription(NodeInstance):
    """One subscription of a file reader, built on the reader's native source for the engine.

    ``reader._source_for(engine)`` gives the source; its ``subscribe(engine, symbol,
    native_type, columns, cls, defaults, push_mode)`` adds the adapter.
    """

    def __init__(self, name: str, reader, symbol, typ, columns, cls, defaults, push_mode) -> None:
        tstype = ts[List[typ]] if push_mode == PushMode.BURST else ts[typ]
        super().__init__(name, [tstype])
        self._reader = reader
        self._args = (symbol, columns, cls, defaults, push_mode)

    def build(self, engine, native_of) -> list:
        symbol, columns, cls, defaults, push_mode = self._args
        source = self._reader._source_for(engine)
        native = native_of_tstype(self.output_types[0])
        return [source.subscribe(engine, symbol, native, columns, cls, defaults, push_mode)]


def mapped_fields(typ, field_map) -> list:
    """[(column, field)] a struct subscription reads: ``field_map`` ({column: field}) or every field by name.

    Raises KeyError for a field the struct does not have.
    """
    fields = typ._csp_fields
    if field_map is None:
        return [(name, name) for name in fields]
    for column, field in field_map.items():
        if field not in fields:
            raise KeyError(f"struct {typ.__name__} has no field {field!r} (field_map {column!r} -> {field!r})")
    return list(field_map.items())


def struct_defaults(typ, mapped: Iterable[str], what: str) -> list:
    """(descriptor, default, factory or None) for each field of ``typ`` not in ``mapped`` that has a default.

    A strict struct with a field neither mapped nor defaulted raises TypeError
    (``what`` names the data: "the CSV file").
    """
    mapped = set(mapped)
    defaults = []
    for name, spec in typ._csp_fields.items():
        if name in mapped:
            continue
        if spec.default is not _UNSET:
            factory = (lambda d: lambda: copy.deepcopy(d))(spec.default) if spec.copy_default else None
            defaults.append((getattr(typ, name), spec.default, factory))
        elif typ._csp_strict:
            raise TypeError(f"strict struct {typ.__name__}: field {name!r} is not read from {what}")
    return defaults


class FileReader:
    """Base of a file reader: ``subscribe``-style calls become SourceSubscriptions on
    one native source per engine.

    Subclasses set ``_adapter_name`` and implement ``_struct_columns(typ, field_map)``
    -> (columns, defaults), ``_scalar_columns(typ, column)`` -> columns and
    ``_add_source(engine)`` -> the native source. ``dimensions_column`` names the column of an N-d
    array column's shapes, for readers that have them.
    """

    _adapter_name = "file_adapter"
    _built = None  # (engine, native source) of the engine being built

    def _subscribe(self, symbol, typ, field_map, push_mode, dimensions_column=None) -> Edge:
        if is_struct_type(typ) and (field_map is None or isinstance(field_map, dict)):
            columns, defaults = self._struct_columns(typ, field_map)
            cls = typ
        elif is_struct_type(typ):
            raise TypeError(f"field_map for struct {typ.__name__} must be a dict {{column: field}} or None")
        elif isinstance(field_map, str):
            columns, defaults, cls = self._scalar_columns(typ, field_map, dimensions_column), [], None
        else:
            raise TypeError("type must be csp.Struct when no fieldMap or dict fieldMap is used")
        # the same subscription twice is one adapter (one edge), as in the reference
        return memoized_call((self._adapter_name, self, symbol, typ, field_map, push_mode, dimensions_column),
                             lambda: SourceSubscription(self._adapter_name, self, symbol, typ, columns, cls, defaults,
                                                        push_mode).edge())

    def _source_for(self, engine):
        """The native source of ``engine``, made by the first subscription built."""
        if self._built is None or self._built[0] is not engine:
            self._built = (engine, self._add_source(engine))
        return self._built[1]
