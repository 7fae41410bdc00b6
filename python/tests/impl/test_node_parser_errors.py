"""Parse errors of csp.impl.node_parser: each names the file and line at fault.

The nodes below are compiled from this file's source; a trailing ``# MARKER``
comment marks the line each error must point at.
"""

from datetime import timedelta

import pytest

from csp.impl import node_language as csp
from csp.impl.exceptions import CspParseError
from csp.impl.node_parser import compile_node
from csp.impl.types import Outputs, ts
from node_driver import marker_line


def line_of(marker):
    return marker_line(__file__, marker)


# ------------------------------------------------------------ parse errors


def err_return_in_for(x: ts[int]) -> ts[int]:
    for i in range(x):
        return i  # ERR-FOR


def err_return_in_while(x: ts[int]) -> ts[int]:
    while x:
        if x:
            return  # ERR-WHILE


def err_statement_before_block(x: ts[int]) -> ts[int]:
    y = 1
    with csp.state():  # ERR-BEFORE-BLOCK
        s = 1
    return x


def err_blocks_out_of_order(x: ts[int]) -> ts[int]:
    with csp.start():
        pass
    with csp.state():  # ERR-ORDER
        s = 1
    return x


def err_duplicate_block(x: ts[int]) -> ts[int]:
    with csp.state():
        s = 1
    with csp.state():  # ERR-DUPLICATE
        t = 1
    return x


def err_block_between_statements(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    z = 1
    with csp.state():  # ERR-BETWEEN
        s = 1
    return x


def err_nested_block(x: ts[int]) -> ts[int]:
    if x:
        with csp.stop():  # ERR-NESTED-BLOCK
            pass
    return x


def err_bad_alarm(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = 5  # ERR-ALARM
    return x


def err_alarm_annotation_only(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a: ts[int]  # ERR-ALARM-ANNOTATION
    return x


def err_alarm_two_targets(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a, b = csp.alarm(int), csp.alarm(int)  # ERR-ALARM-TARGETS
    return x


def err_alarm_outside_block(x: ts[int]) -> ts[int]:
    a = csp.alarm(int)  # ERR-ALARM-OUTSIDE
    return x


def err_alarm_name_clash(x: ts[int]) -> ts[int]:
    with csp.alarms():
        x = csp.alarm(int)  # ERR-ALARM-CLASH
    return x


def err_single_output_never_emitted(x: ts[int]) -> ts[int]:  # ERR-NO-OUTPUT
    pass


def err_named_output_never_emitted(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):  # ERR-OUTPUT-B
    csp.output(a=1)


def err_return_without_outputs(x: ts[int]):
    return 1  # ERR-RETURN-NO-OUTPUTS


def err_return_value_multiple_outputs(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    csp.output(a=1, b=2)
    return 1  # ERR-RETURN-MULTI


def err_ticked_unknown(x: ts[int], n: int) -> ts[int]:
    if csp.ticked(x, n):  # ERR-TICKED-UNKNOWN
        return x


def err_valid_expression(x: ts[int]) -> ts[int]:
    if csp.valid(x + 1):  # ERR-VALID-EXPR
        return x


def err_missing_annotation(x: ts[int],
                           y) -> ts[int]:  # ERR-ANNOTATION
    return x


def err_unknown_output(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a=1)
    csp.output(b=1)  # ERR-UNKNOWN-OUTPUT


def err_output_on_multiple(x: ts[int]) -> Outputs(a=ts[int], b=ts[int]):
    csp.output(a=1, b=1)
    csp.output(x)  # ERR-OUTPUT-AMBIGUOUS


def err_schedule_non_alarm(x: ts[int]) -> ts[int]:
    csp.schedule_alarm(x, timedelta(1), 1)  # ERR-SCHEDULE
    return x


def err_yield(x: ts[int]) -> ts[int]:
    yield x  # ERR-YIELD


def err_return_in_start(x: ts[int]) -> ts[int]:
    with csp.start():
        return  # ERR-RETURN-START
    return x


def err_passive_element(x: [ts[int]]) -> ts[int]:
    csp.make_passive(x[0])  # ERR-PASSIVE-ELEMENT
    return 1


def err_history_keyword(x: ts[int]) -> ts[int]:
    return csp.value_at(x, index=1)  # ERR-HISTORY-KEYWORD


def err_history_too_many(x: ts[int]) -> ts[int]:
    return csp.value_at(x, 1, 2, 3, 4)  # ERR-HISTORY-MANY


def err_schedule_missing(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(int)
    csp.schedule_alarm(a, timedelta(1))  # ERR-SCHEDULE-MISSING
    return x


def err_varargs(*x: ts[int]) -> ts[int]:  # ERR-VARARGS
    return 1


def err_block_arguments(x: ts[int]) -> ts[int]:
    with csp.state() as s:  # ERR-BLOCK-ARGS
        pass
    return x


def err_alarm_type(x: ts[int]) -> ts[int]:
    with csp.alarms():
        a = csp.alarm(NoSuchType)  # ERR-ALARM-TYPE
    return x


def err_output_target(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a=1)
    csp.output(x + 1, 2)  # ERR-OUTPUT-TARGET


def err_output_basket_element_of_single(x: ts[int]) -> Outputs(a=ts[int]):
    csp.output(a[0], 2)  # ERR-OUTPUT-NOT-BASKET


@pytest.mark.parametrize(
    "func, marker, message",
    [
        (err_return_in_for, "ERR-FOR", "returning from within a for or while loop is not supported"),
        (err_return_in_while, "ERR-WHILE", "returning from within a for or while loop is not supported"),
        (err_statement_before_block, "ERR-BEFORE-BLOCK", "Invalid usage of state"),
        (err_blocks_out_of_order, "ERR-ORDER", "state must be declared before start"),
        (err_duplicate_block, "ERR-DUPLICATE", "duplicate 'with csp.state()' block"),
        (err_block_between_statements, "ERR-BETWEEN", "Invalid usage of state"),
        (err_nested_block, "ERR-NESTED-BLOCK", "Invalid usage of stop"),
        (err_bad_alarm, "ERR-ALARM", "name = csp.alarm(type)"),
        (err_alarm_annotation_only, "ERR-ALARM-ANNOTATION", "name = csp.alarm(type)"),
        (err_alarm_two_targets, "ERR-ALARM-TARGETS", "name = csp.alarm(type)"),
        (err_alarm_outside_block, "ERR-ALARM-OUTSIDE", "csp.alarm can only be used in the 'with csp.alarms()' block"),
        (err_alarm_name_clash, "ERR-ALARM-CLASH", "alarm 'x' is already declared"),
        (err_single_output_never_emitted, "ERR-NO-OUTPUT", "no return or csp.output statements"),
        (err_named_output_never_emitted, "ERR-OUTPUT-B", "output 'b' is never returned"),
        (err_return_without_outputs, "ERR-RETURN-NO-OUTPUTS", "returning from node without any outputs defined"),
        (err_return_value_multiple_outputs, "ERR-RETURN-MULTI", "return csp.output(out1=val1, ...)"),
        (err_ticked_unknown, "ERR-TICKED-UNKNOWN", "unrecognized input 'n'"),
        (err_valid_expression, "ERR-VALID-EXPR", "csp.valid expects inputs or alarms by name, got 'x + 1'"),
        (err_missing_annotation, "ERR-ANNOTATION", "must be type annotated"),
        (err_unknown_output, "ERR-UNKNOWN-OUTPUT", "unknown output 'b'"),
        (err_output_on_multiple, "ERR-OUTPUT-AMBIGUOUS", "requires a single output"),
        (err_schedule_non_alarm, "ERR-SCHEDULE", "expects an alarm"),
        (err_yield, "ERR-YIELD", "yield is not supported"),
        (err_return_in_start, "ERR-RETURN-START", "return is not supported in the 'with csp.start()' block"),
        (err_passive_element, "ERR-PASSIVE-ELEMENT", "not a basket element"),
        (err_varargs, "ERR-VARARGS", "*args"),
        (err_history_keyword, "ERR-HISTORY-KEYWORD", "unexpected or repeated argument 'index'"),
        (err_history_too_many, "ERR-HISTORY-MANY", "at most 4 positional arguments"),
        (err_schedule_missing, "ERR-SCHEDULE-MISSING", "missing argument 'value'"),
        (err_block_arguments, "ERR-BLOCK-ARGS", "takes no arguments"),
        (err_alarm_type, "ERR-ALARM-TYPE", "invalid alarm type 'NoSuchType'"),
        (err_output_target, "ERR-OUTPUT-TARGET", "must be an output name"),
        (err_output_basket_element_of_single, "ERR-OUTPUT-NOT-BASKET", "output 'a' is not a basket"),
    ],
)
def test_parse_errors_name_file_and_line(func, marker, message):
    with pytest.raises(CspParseError) as info:
        compile_node(func)
    error = info.value
    assert message in error.msg
    assert error.filename == __file__
    assert error.lineno == line_of(marker)
    assert str(error) == error.msg
    assert error.__notes__ == [f'File "{__file__}", line {error.lineno}']


def test_parse_error_str_is_the_message_and_the_location_a_note():
    assert str(CspParseError("bad")) == "bad"
    assert not getattr(CspParseError("bad"), "__notes__", None)
    located = CspParseError("bad", "f.py", 3)
    assert str(located) == "bad"
    assert located.__notes__ == ['File "f.py", line 3']
    assert CspParseError("bad", "f.py").__notes__ == ['File "f.py", line ?']


def test_source_not_available():
    namespace = {"ts": ts}
    exec("def dynamic(x: ts[int]) -> ts[int]:\n    return x\n", namespace)
    with pytest.raises(CspParseError, match="source code not available"):
        compile_node(namespace["dynamic"])
