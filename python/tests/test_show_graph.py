"""csp.show_graph renders the graph description with graphviz."""

import shutil
import sys

import pytest

import csp

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz 'dot' is not installed")


@csp.graph
def hello_world():
    hw = csp.const("hElLo wOrLd")
    csp.print("Message", csp.apply(hw, lambda x: x.title(), str))


@needs_graphviz
def test_returns_a_digraph_with_every_node():
    source = csp.show_graph(hello_world).source
    for name in ("const", "apply", "print"):
        assert f'label={name}' in source or f'label="{name}"' in source


@needs_graphviz
@pytest.mark.parametrize("extension, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_the_file_extension_picks_the_format(tmp_path, extension, magic):
    path = tmp_path / f"graph.{extension}"
    csp.show_graph(hello_world, graph_filename=str(path))
    assert path.read_bytes().startswith(magic)


@pytest.mark.parametrize("graph_filename", [None, "graph.png"])
def test_without_the_graphviz_package_the_error_says_what_to_install(monkeypatch, tmp_path, graph_filename):
    monkeypatch.setitem(sys.modules, "graphviz", None)  # makes `import graphviz` fail
    with pytest.raises(ImportError, match=r"pip install graphviz"):
        csp.show_graph(hello_world, graph_filename=graph_filename and str(tmp_path / graph_filename))
    assert not (tmp_path / "graph.png").exists()


@pytest.mark.parametrize("graph_filename", [None, "graph.png"])
def test_without_the_dot_program_the_error_names_the_system_package(monkeypatch, tmp_path, graph_filename):
    graphviz = pytest.importorskip("graphviz")
    monkeypatch.setenv("PATH", str(tmp_path))  # a directory without `dot`
    with pytest.raises(graphviz.ExecutableNotFound, match=r"'dot' program.*apt-get install graphviz"):
        csp.show_graph(hello_world, graph_filename=graph_filename and str(tmp_path / graph_filename))
    assert not (tmp_path / "graph.png").exists()
