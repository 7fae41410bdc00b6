"""A user's script: graph, node and struct in ``__main__``, run_many without a client (it starts a LocalCluster)."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    from datetime import datetime, timedelta
    import csp
    import csp.distributed as cd
    from csp import ts

    class Mark(csp.Struct):
        shard: int
        value: float

    @csp.node
    def mark(x: ts[int], shard: int) -> ts[Mark]:
        return Mark(shard=shard, value=x * 0.5)

    @csp.graph
    def g(shard: int):
        csp.add_graph_output("mark", mark(csp.count(csp.timer(timedelta(seconds=1))), shard))

    if __name__ == "__main__":
        import distributed
        assert cd._current_client() is None
        results = cd.run_many(g, {i: {"shard": i} for i in range(4)}, starttime=datetime(2024, 1, 1),
                              endtime=timedelta(seconds=10), timeout=120)
        for i in range(4):
            ticks = results[i]["mark"]
            assert [type(m) for _, m in ticks] == [Mark] * 10, ticks
            assert ticks == csp.run(g, i, starttime=datetime(2024, 1, 1), endtime=timedelta(seconds=10))["mark"]
        assert cd._current_client() is None  # the LocalCluster of the call is gone
        print("ok", len(results))
''')


def test_a_script_without_a_client_gets_a_local_cluster_for_the_call(tmp_path):
    script = tmp_path / "sweep.py"
    script.write_text(SCRIPT)
    proc = subprocess.run([sys.executable, "-W", "ignore", str(script)], capture_output=True, text=True,
                          timeout=180, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok 4"
