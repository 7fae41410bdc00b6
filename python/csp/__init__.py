"""csp: Composable Stream Processing.

Build graphs of time series with ``@csp.node`` and ``@csp.graph`` and run them
on historical data or in realtime with ``csp.run``; the engine is C++.
"""

from csp import math
from csp.baselib import (DelayedEdge, accum, add_graph_output, apply, cast_int_to_float, collect, const, count,
                         curve, default, delay, demultiplex, diff, drop_dups, drop_nans, dynamic_cast, feedback,
                         filter, firstN, flatten, gate, log, merge, multiplex, null_ts, print, sample,
                         schedule_on_engine_stop, split, static_cast, timer, times, times_ns, unroll)
from csp.curve import curve  # loads the csp.curve module, then binds csp.curve to the function again
from csp.baselib import (DelayedCollect, DelayedDemultiplex, get_basket_field, struct_collectts, struct_field,
                         struct_fromts, wrap_feedback)
from csp.baselib import dynamic_collect, dynamic_demultiplex
from csp.impl.wiring.dynamic import attach, dynamic, snap, snapkey
from csp.impl.constants import UNSET
from csp.impl.error_handling import set_capture_cpp_backtrace, set_print_full_exception_stack
from csp.impl.exceptions import OutputTypeError
from csp.impl.log_settings import LogSettings
from csp.impl.mem_cache import csp_memoized, memoize
from csp.impl.wiring.context import clear_global_context, new_global_context
from csp.impl.enum import DynamicEnum, Enum
from csp.impl.enums import DuplicatePolicy, PushMode, TimeIndexPolicy
from csp.impl.exceptions import CspParseError
from csp._install_paths import get_include_path, get_lib_path
from csp.impl.genericpushadapter import GenericPushAdapter
from csp.impl.node_language import (alarm, alarms, cancel_alarm, item_at, items_at, make_active, make_passive, now,
                                    num_ticks, output, remove_dynamic_key, reschedule_alarm, schedule_alarm,
                                    set_buffering_policy,
                                    start, state, stop, ticked, time_at, times_at, valid, value_at,
                                    values_at)
from csp.impl.runtime import (MAX_END_TIME, build_graph, engine_end_time, engine_start_time, engine_stats,
                              in_realtime, is_configured_realtime, run, run_on_thread)
from csp.impl.struct import Struct
from csp.impl.types import DynamicBasket, OutputBasket, Outputs, ts
from csp.impl.wiring.decorators import graph, node
from csp.impl.wiring.edge import Edge
from csp.showgraph import show_graph
from csp.math import (abs, add, and_, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, bitwise_not, cos, cosh,
                      divide, eq, erf, exp, exp2, floordiv, ge, gt, le, ln, log2, log10, lt, max, min, mod,
                      multiply, ne, neg, not_, or_, pos, pow, sin, sinh, sqrt, sub, tan, tanh)
from csp import stats, typing


def stop_engine(x=None, dynamic: bool = False) -> None:
    """Inside a node, ``csp.stop_engine()`` stops the run after this cycle;
    in a graph, ``csp.stop_engine(x)`` stops it when x ticks. With
    ``dynamic=True`` inside a ``csp.dynamic`` sub-graph, only that instance stops."""
    if x is None:
        from csp.impl.runtime import stop_engine_now

        stop_engine_now(dynamic)
    else:
        from csp.baselib import stop_engine as stop_on_tick

        stop_on_tick(x, dynamic)


def __getattr__(name):
    """``csp.DataFrame`` loads the pandas bridge (csp.dataframe), ``csp.profiler`` the profiler, on first use."""
    if name == "DataFrame":
        from csp.dataframe import DataFrame

        return DataFrame
    if name == "dataframe":
        import csp.dataframe

        return csp.dataframe
    if name == "profiler":  # an add-on: loaded on first use
        import csp.profiler

        return csp.profiler
    raise AttributeError(f"module 'csp' has no attribute {name!r}")


__version__ = "0.1.0"
