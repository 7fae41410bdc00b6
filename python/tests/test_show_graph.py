"""csp.show_graph renders the graph description with graphviz."""

import shutil

import pytest

import csp

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz 'dot' is not installed")


@csp.graph
def hello_world():
    hw = csp.const("hElLo wOrLd")
    csp.print("Message", csp.apply(hw, lambda x: x.title(), str))


def test_returns_a_digraph_with_every_node():
    source = csp.show_graph(hello_world).source
    for name in ("const", "apply", "print"):
        assert f'label={name}' in source or f'label="{name}"' in source


@pytest.mark.parametrize("extension, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_the_file_extension_picks_the_format(tmp_path, extension, magic):
    path = tmp_path / f"graph.{extension}"
    csp.show_graph(hello_world, graph_filename=str(path))
    assert path.read_bytes().startswith(magic)
