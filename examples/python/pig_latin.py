from datetime import datetime

import csp
from csp import ts


@csp.node
def pig_latin(text: ts[str]) -> ts[str]:
    is_vowel = lambda c: c in "aeiou"
    assert len(text) > 2
    if not is_vowel(text[0]):
        if is_vowel(text[1]):
            pl = text[1:] + text[0]
        else:
            pl = text[2:] + text[:2]
    else:
        pl = text + "w"

    return pl + "ay"


@csp.graph
def ellohay_orldway():
    hello = csp.const("hello")
    world = csp.const("world")
    latin = [pig_latin(hello), pig_latin(world)]
    csp.print("Pig Latin", csp.flatten(latin))


if __name__ == "__main__":
    csp.run(ellohay_orldway, starttime=datetime(2022, 1, 1))
