"""Pickling of graphs, arguments and results between the client and the workers.

cloudpickle, which Dask uses for whatever plain pickle cannot take, ships a
class defined in ``__main__`` (or in a module registered with
``cloudpickle.register_pickle_by_value``) by value: a skeleton made with the
class's metaclass, then its attributes set one by one. A ``csp.Struct``
class cannot be remade that way (its fields are laid out in C++ when the
class is created), so this pickler sends such a class as its definition
(base classes, field types, defaults, strictness) and rebuilds it with the
metaclass, then sets its methods and other attributes. Each class carries an
id, so a class that comes back to the process that defined it (a struct in a
result) is that very class again, and a worker rebuilds it once.

Everything else is cloudpickle's: functions and ``@csp.node`` /
``@csp.graph`` definitions of importable modules by reference, those of
``__main__`` by value; enums; numpy arrays.
"""

import io
import pickle
import uuid
import weakref

import cloudpickle

from csp.impl.struct import StructMeta, is_struct_type
from csp.impl.struct_fields import UNSET_FIELD

__all__ = ["dumps", "loads"]

_CLASS_BY_ID: "weakref.WeakValueDictionary[str, type]" = weakref.WeakValueDictionary()
_ID_OF_CLASS: "weakref.WeakKeyDictionary[type, str]" = weakref.WeakKeyDictionary()
_DEFINITION_ATTRIBUTES = {"__module__", "__qualname__", "__annotations__", "__slots__", "__dict__", "__weakref__",
                          "_csp_fields", "_csp_strict", "_csp_names", "_csp_rebuilt"}


class _Pickler(cloudpickle.Pickler):
    def reducer_override(self, obj):
        reduced = super().reducer_override(obj)
        if reduced is NotImplemented or not isinstance(obj, StructMeta) or not is_struct_type(obj):
            return reduced  # by reference, or not a Struct class
        return _struct_class_reduce(obj)


def dumps(obj) -> bytes:
    """``obj`` pickled with cloudpickle, ``csp.Struct`` classes that need it by definition."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def loads(data: bytes):
    """The object ``dumps`` pickled."""
    return pickle.loads(data)


def _class_id(cls) -> str:
    class_id = _ID_OF_CLASS.get(cls)
    if class_id is None:
        class_id = uuid.uuid4().hex
        _ID_OF_CLASS[cls] = class_id
        _CLASS_BY_ID[class_id] = cls
    return class_id


def _struct_class_reduce(cls):
    """A reduce tuple remaking Struct class ``cls`` from its fields, then setting its other attributes."""
    inherited = set()
    for base in cls.__bases__:
        inherited.update(getattr(base, "_csp_fields", None) or ())
    own = [name for name in cls._csp_fields if name not in inherited]
    typed = cls.metadata(typed=True)
    fields = {name: typed[name] for name in own}
    defaults = {name: cls._csp_fields[name].default for name in own
                if cls._csp_fields[name].default is not UNSET_FIELD}
    attributes = {name: value for name, value in vars(cls).items()
                  if name not in _DEFINITION_ATTRIBUTES and name not in own}
    definition = (_class_id(cls), cls.__name__, cls.__qualname__, cls.__module__, cls.__bases__, fields, defaults,
                  cls._csp_strict)
    return _make_struct_class, definition, attributes, None, None, _set_class_attributes


def _make_struct_class(class_id, name, qualname, module, bases, fields, defaults, strict):
    """The Struct class with id ``class_id``: the one this process has, else one made from the definition."""
    cls = _CLASS_BY_ID.get(class_id)
    if cls is None:
        namespace = {"__module__": module, "__qualname__": qualname, "__annotations__": fields, **defaults}
        cls = StructMeta(name, bases, namespace, strict=strict)
        _ID_OF_CLASS[cls] = class_id
        _CLASS_BY_ID[class_id] = cls
        cls._csp_rebuilt = True
    return cls


def _set_class_attributes(cls, attributes):
    if getattr(cls, "_csp_rebuilt", False):  # a class this process defined keeps its own attributes
        for name, value in attributes.items():
            setattr(cls, name, value)
    return cls
