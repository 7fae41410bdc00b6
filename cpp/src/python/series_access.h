// Typed access to a series' values and history as Python objects (private).
//
// One table of function pointers per native value type, so a Python node
// reads any input without knowing its C++ type at compile time.
#pragma once

#include <nanobind/nanobind.h>

#include <optional>
#include <utility>

#include "csp/engine/time_series.h"
#include "native_types.h"

namespace csp::python {

struct SeriesAccess {
    nb::object (*last)(const TimeSeriesBase&);
    nb::object (*value_ago)(const TimeSeriesBase&, size_t);
    DateTime (*time_ago)(const TimeSeriesBase&, size_t);
    std::optional<std::pair<DateTime, nb::object>> (*item_at)(const TimeSeriesBase&, DateTime);
    // Oldest first: (times, values) within [start, end] under the policies.
    std::pair<nb::list, nb::list> (*between)(const TimeSeriesBase&, DateTime, DateTime, TimeIndexPolicy, TimeIndexPolicy);
    void (*tick)(TimeSeriesBase&, nb::handle);  // outputs: converts and ticks
};

template <class T>
const SeriesAccess& series_access() {
    using Series = TimeSeries<T>;
    static const SeriesAccess access{
        [](const TimeSeriesBase& s) { return to_python(static_cast<const Series&>(s).last_value()); },
        [](const TimeSeriesBase& s, size_t k) { return to_python(static_cast<const Series&>(s).value_ago(k)); },
        [](const TimeSeriesBase& s, size_t k) { return static_cast<const Series&>(s).time_ago(k); },
        [](const TimeSeriesBase& s, DateTime t) -> std::optional<std::pair<DateTime, nb::object>> {
            auto item = static_cast<const Series&>(s).item_at(t);
            if (!item) return std::nullopt;
            return std::pair<DateTime, nb::object>(item->first, to_python(item->second));
        },
        [](const TimeSeriesBase& s, DateTime start, DateTime end, TimeIndexPolicy sp, TimeIndexPolicy ep) {
            nb::list times, values;
            for (const auto& [time, value] : static_cast<const Series&>(s).items_between(start, end, sp, ep)) {
                times.append(datetime_to_python(time));
                values.append(to_python(value));
            }
            return std::pair<nb::list, nb::list>(times, values);
        },
        [](TimeSeriesBase& s, nb::handle value) { static_cast<Series&>(s).tick(from_python<T>(value)); },
    };
    return access;
}

inline const SeriesAccess& series_access(NativeType type) {
    return dispatch(type, [](auto tag) -> const SeriesAccess& { return series_access<typename decltype(tag)::type>(); });
}

// A new, empty series of the given native type.
std::unique_ptr<TimeSeriesBase> make_series(NativeType type, CycleState& state);

}  // namespace csp::python
