"""The named outputs of a wired node or graph."""


class NodeOutputs(dict):
    """The named outputs of a node or graph: ``out.name`` or ``out["name"]``."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None
