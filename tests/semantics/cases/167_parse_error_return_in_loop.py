# csp.CspParseError at node definition time for a `return` inside a loop; it carries the line number.
import csp
from csp import ts

try:

    @csp.node
    def bad(x: ts[int]) -> ts[int]:
        for i in range(3):
            return i

    print("defined")
except csp.CspParseError as e:
    print("CspParseError:", str(e))
    print("lineno:", e.lineno)
    print("is Exception:", isinstance(e, Exception))

try:

    @csp.node
    def bad_while(x: ts[int]) -> ts[int]:
        while True:
            return x

except csp.CspParseError as e:
    print("CspParseError:", str(e))
