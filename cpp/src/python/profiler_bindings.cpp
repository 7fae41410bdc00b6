// Bindings only: timings are taken by csp::Profiler (csp/engine/profiler.h)
// inside the engine; csp.profiler presents them.
#include "profiler_bindings.h"

#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/unordered_map.h>

#include "csp/engine/profiler.h"
#include "native_types.h"
#include "py_engine.h"

namespace nb = nanobind;
using namespace nb::literals;

namespace csp::python {
namespace {

double seconds(std::chrono::nanoseconds time) { return static_cast<double>(time.count()) / 1e9; }

// {type: {"executions", "total_time", "max_time"}} with times in seconds, in first-execution order.
nb::dict node_stats(const Profiler& profiler) {
    nb::dict stats;
    for (const NodeTypeStats& type : profiler.node_types()) {
        nb::dict entry;
        entry["executions"] = type.executions;
        entry["total_time"] = seconds(type.total_time);
        entry["max_time"] = seconds(type.max_time);
        stats[type.name.c_str()] = entry;
    }
    return stats;
}

std::unique_ptr<Profiler> make_profiler(const std::string& cycle_file, const std::string& node_file,
                                        std::unordered_map<std::string, std::string> type_names) {
    return std::make_unique<Profiler>(
        Profiler::Options{.cycle_file = cycle_file, .node_file = node_file, .type_names = std::move(type_names)});
}

// Calls `report(now, cycle_count)` (now: a datetime) at most every `interval` while the root engine runs.
void set_progress_reporter(PyEngine& engine, nb::callable report, nb::handle interval) {
    Engine& root = engine.root();
    root.set_progress_reporter(
        [&root, report = std::move(report)] {
            nb::gil_scoped_acquire gil;
            report(datetime_to_python(root.now()), root.cycle_count());
        },
        to_timedelta(interval));
}

}  // namespace

void bind_profiler(nb::module_& m) {
    nb::class_<Profiler>(m, "Profiler", "Cycle and node timings of the runs it is given to (engine-side).")
        .def(nb::new_(&make_profiler), "cycle_file"_a = "", "node_file"_a = "",
             "type_names"_a = std::unordered_map<std::string, std::string>{})
        .def_prop_ro("cycle_count", &Profiler::cycle_count)
        .def_prop_ro("total_cycle_time", [](const Profiler& p) { return seconds(p.total_cycle_time()); })
        .def_prop_ro("max_cycle_time", [](const Profiler& p) { return seconds(p.max_cycle_time()); })
        .def_prop_ro("average_cycle_time", &Profiler::average_cycle_seconds)
        .def_prop_ro("node_count", &Profiler::node_count)
        .def_prop_ro("utilization", &Profiler::utilization)
        .def("node_stats", &node_stats);
    m.def(
        "set_profiler", [](PyEngine& engine, Profiler* profiler) { engine.root().set_profiler(profiler); },
        "engine"_a, "profiler"_a.none(), "Times the engine's next run in `profiler` (kept alive by the caller).");
    m.def("set_progress_reporter", &set_progress_reporter, "engine"_a, "report"_a, "interval"_a);
}

}  // namespace csp::python
