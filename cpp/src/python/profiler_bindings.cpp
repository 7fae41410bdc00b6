// Bindings only: timings are taken by csp::Profiler (csp/engine/profiler.h)
// inside the engine; csp.profiler presents them.
#include "profiler_bindings.h"

#include <algorithm>
#include <cmath>

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

// {type: {"executions", "max_time", "total_time"}} with times in seconds, in first-execution order.
nb::dict node_stats_dict(const std::vector<NodeTypeStats>& types) {
    nb::dict stats;
    for (const NodeTypeStats& type : types) {
        nb::dict entry;
        entry["executions"] = type.executions;
        entry["max_time"] = seconds(type.max_time);
        entry["total_time"] = seconds(type.total_time);
        stats[type.name.c_str()] = entry;
    }
    return stats;
}

// The statistics another thread may read while the graph runs (Profiler::published), as a dict.
nb::dict published(Profiler& profiler, double wait_seconds) {
    ProfileSnapshot snapshot;
    {
        nb::gil_scoped_release release;  // the engine may need the GIL to end its cycle
        const double seconds = std::isfinite(wait_seconds) ? std::clamp(wait_seconds, 0.0, 3600.0) : 0.0;
        snapshot = profiler.published(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
    }
    nb::dict result;
    result["cycle_count"] = snapshot.cycle_count;
    result["total_cycle_time"] = seconds(snapshot.total_cycle_time);
    result["max_cycle_time"] = seconds(snapshot.max_cycle_time);
    result["node_count"] = snapshot.node_count;
    result["node_executions"] = snapshot.node_executions;
    result["node_stats"] = node_stats_dict(snapshot.node_types);
    result["running"] = snapshot.running;
    return result;
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

// A simulation of C++ nodes holds the GIL from start to end: lending it at the end of a cycle now and
// then lets another thread (the profiler's live page) take its turn. Called with the GIL held.
void share_gil(PyEngine& engine, nb::handle interval) {
    const auto every = std::chrono::nanoseconds(to_timedelta(interval).nanos());
    engine.root().add_end_cycle_listener([every, next = std::chrono::steady_clock::time_point{}]() mutable {
        const auto now = std::chrono::steady_clock::now();
        if (now < next) return;
        next = now + every;
        nb::gil_scoped_release lend;  // CPython hands the GIL to a thread that has asked for it
    });
}

}  // namespace

void bind_profiler(nb::module_& m) {
    nb::class_<Profiler>(m, "Profiler", "Cycle and node timings of the runs it is given to (engine-side).")
        .def(nb::new_(&make_profiler), "cycle_file"_a = "", "node_file"_a = "",
             "type_names"_a = std::unordered_map<std::string, std::string>{})
        .def("published", &published, "wait"_a,
             "The statistics as a dict, from any thread while the graph runs: waits at most `wait` seconds for the "
             "engine to end its cycle.");
    m.def(
        "set_profiler", [](PyEngine& engine, Profiler* profiler) { engine.root().set_profiler(profiler); },
        "engine"_a, "profiler"_a.none(), "Times the engine's next run in `profiler` (kept alive by the caller).");
    m.def("set_progress_reporter", &set_progress_reporter, "engine"_a, "report"_a, "interval"_a);
    m.def("share_gil", &share_gil, "engine"_a, "interval"_a,
          "At the end of a cycle, at most every `interval`, the engine's thread lets other Python threads run.");
}

}  // namespace csp::python
