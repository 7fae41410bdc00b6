// A graph output that records every tick of a native scalar series as two
// columns (private to the extension module).
//
// csp.run hands recorded ticks to Python either as numpy arrays (times as
// int64 nanoseconds, values) or as [(datetime, value), ...]. Recording
// columns instead of (time, value) pairs lets the numpy arrays take over the
// recorded buffers as they are (no copy, no second allocation), and the
// buffers grow with realloc, which moves large blocks by remapping pages
// instead of copying them.
//
// Used for outputs that keep every tick (no tick_count, no tick_history) of
// bool, int, float, datetime and timedelta series; GraphOutput<T> records the
// others. Engine thread only; conversions to Python need the GIL.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "csp/engine/graph_output.h"

namespace csp::python {

// A growable buffer of trivially copyable values in malloc'ed memory, which
// release() hands over (to be freed with std::free).
template <class T>
class Column {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    Column() = default;
    Column(Column&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0)) {}
    Column& operator=(Column&& other) noexcept {
        if (this != &other) {
            std::free(data_);
            data_ = std::exchange(other.data_, nullptr);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    Column(const Column&) = delete;
    Column& operator=(const Column&) = delete;
    ~Column() { std::free(data_); }

    void push_back(T value) {
        if (size_ == capacity_) [[unlikely]] grow();
        data_[size_++] = value;
    }
    size_t size() const { return size_; }
    T operator[](size_t i) const { return data_[i]; }

    // The buffer (never null, even when empty), shrunk to the values it holds, now owned by the
    // caller; the column is left empty.
    T* release() {
        if (data_ == nullptr || size_ < capacity_) reserve(size_ == 0 ? 1 : size_);
        size_ = capacity_ = 0;
        return std::exchange(data_, nullptr);
    }

private:
    void grow() { reserve(capacity_ == 0 ? 1024 : capacity_ * 2); }
    void reserve(size_t capacity) {
        void* grown = std::realloc(data_, capacity * sizeof(T));
        if (grown == nullptr) throw std::bad_alloc();
        data_ = static_cast<T*>(grown);
        capacity_ = capacity;
    }

    T* data_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

// How a column stores values of T: datetimes and timedeltas as int64 nanoseconds.
template <class T>
using ColumnValue = std::conditional_t<std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta>, int64_t, T>;

template <class T>
ColumnValue<T> to_column_value(const T& value) {
    if constexpr (std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta>) return value.nanos();
    else return value;
}

template <class T>
T from_column_value(ColumnValue<T> value) {
    if constexpr (std::is_same_v<T, DateTime>) return DateTime::from_nanos(value);
    else if constexpr (std::is_same_v<T, TimeDelta>) return TimeDelta::from_nanos(value);
    else return value;
}

// The ticks a ColumnGraphOutput<T> recorded: times[i] (nanoseconds) and values[i] of the i-th tick.
template <class T>
class ColumnTicks final : public RecordedTicksBase {
public:
    ColumnTicks(Column<int64_t> times, Column<ColumnValue<T>> values)
        : times(std::move(times)), values(std::move(values)) {}
    const std::type_info& value_type() const override { return typeid(T); }
    size_t size() const override { return times.size(); }

    Column<int64_t> times;
    Column<ColumnValue<T>> values;
};

template <class T>
class ColumnGraphOutput final : public GraphOutputBase {
public:
    ColumnGraphOutput(const std::string& key, Edge<T> edge) : GraphOutputBase(key), input_(this, edge) {}

    void execute() override {
        times_.push_back(now().nanos());
        values_.push_back(to_column_value(input_.value()));
    }

    std::unique_ptr<RecordedTicksBase> take() override {
        return std::make_unique<ColumnTicks<T>>(std::move(times_), std::move(values_));
    }

private:
    In<T> input_;
    Column<int64_t> times_;
    Column<ColumnValue<T>> values_;
};

}  // namespace csp::python
