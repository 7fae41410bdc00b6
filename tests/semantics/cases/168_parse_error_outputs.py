# CspParseError: a declared output never emitted, csp.output of an unknown name, and misordered blocks.
import csp
from csp import ts


def attempt(name, define):
    try:
        define()
        print(name, "defined")
    except csp.CspParseError as e:
        print(name, "CspParseError")


def never_outputs():
    @csp.node
    def n(x: ts[int]) -> csp.Outputs(a=ts[int], b=ts[int]):
        csp.output(a=x)


def unknown_output():
    @csp.node
    def n(x: ts[int]) -> csp.Outputs(a=ts[int]):
        csp.output(zzz=x)


def start_before_state():
    @csp.node
    def n(x: ts[int]) -> ts[int]:
        with csp.start():
            pass
        with csp.state():
            s = 1
        return x


def no_output_ok():
    @csp.node
    def n(x: ts[int]):
        print(x)


for name, f in (("never_outputs", never_outputs), ("unknown_output", unknown_output), ("start_before_state", start_before_state), ("no_output_ok", no_output_ok)):
    attempt(name, f)
