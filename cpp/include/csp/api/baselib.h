// Built-in nodes of the base library, with the semantics of their Python
// namesakes (csp.apply, csp.print, csp.sample, ...).
#pragma once

#include <iostream>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "csp/api/graph.h"
#include "csp/api/make_node.h"
#include "csp/core/format.h"
#include "csp/engine/alarm.h"
#include "csp/engine/basket.h"

namespace csp {

// Where csp::print writes; std::cout unless redirected (not thread-safe to change during a run).
std::ostream& print_stream();
void set_print_stream(std::ostream& stream);

// f(x) on every tick of x.
template <class T, class F>
auto apply(Edge<T> x, F f) {
    return make_node("apply", [f](const T& v) { return f(v); })(x);
}

// Prints "<engine time> <tag>:<value>" on every tick.
template <class T>
void print(const std::string& tag, Edge<T> x) {
    make_node("print", [tag](const T& v) { print_stream() << csp::now().to_string() << ' ' << tag << ':' << csp::str(v) << '\n'; })(x);
}

namespace detail {

template <class T>
class Sample final : public Node {
public:
    Sample(EdgeSlot* trigger, Edge<T> x) : Node("sample"), trigger_(this, trigger), x_(this, x, /*active=*/false) {}
    Out<T> out{this};
    void execute() override {
        if (trigger_.ticked() && x_.valid()) out.tick(x_.value());
    }

private:
    TickIn trigger_;
    In<T> x_;
};

template <class T>
class Merge final : public Node {
public:
    Merge(Edge<T> x, Edge<T> y) : Node("merge"), x_(this, x), y_(this, y) {}
    Out<T> out{this};
    void execute() override { out.tick(x_.ticked() ? x_.value() : y_.value()); }

private:
    In<T> x_, y_;
};

template <class T>
class Filter final : public Node {
public:
    Filter(Edge<bool> flag, Edge<T> x) : Node("filter"), flag_(this, flag, /*active=*/false), x_(this, x) {}
    Out<T> out{this};
    void execute() override {
        if (x_.ticked() && flag_.valid() && flag_.value()) out.tick(x_.value());
    }

private:
    In<bool> flag_;
    In<T> x_;
};

template <class T>
class FirstN final : public Node {
public:
    FirstN(Edge<T> x, int64_t n) : Node("firstN"), x_(this, x), n_(n) {}
    Out<T> out{this};
    void execute() override {
        if (seen_ < n_) {
            ++seen_;
            out.tick(x_.value());
        }
        if (seen_ >= n_) x_.make_passive();  // done: not executed again
    }

private:
    In<T> x_;
    int64_t n_;
    int64_t seen_ = 0;
};

template <class T>
class DelayByTime final : public Node {
public:
    DelayByTime(Edge<T> x, TimeDelta delay) : Node("delay_by_time"), x_(this, x), delay_(delay) {
        if (delay < TimeDelta::zero()) throw ValueError("csp::delay by a negative time " + delay.to_string());
    }
    Out<T> out{this};
    void execute() override {
        if (x_.ticked()) alarm_.schedule(delay_, x_.value());
        if (alarm_.ticked()) out.tick(alarm_.value());
    }

private:
    In<T> x_;
    TimeDelta delay_;
    Alarm<T> alarm_{this};
};

template <class T>
class DelayByTicks final : public Node {
public:
    DelayByTicks(Edge<T> x, size_t ticks) : Node("delay_by_ticks"), x_(this, x), ticks_(ticks) {}
    Out<T> out{this};
    void start() override { x_.set_buffering_policy(ticks_ + 1); }
    void execute() override {
        if (x_.num_ticks() > ticks_) out.tick(x_.value_ago(ticks_));
    }

private:
    In<T> x_;
    size_t ticks_;
};

template <class T>
class Unroll final : public Node {
public:
    explicit Unroll(Edge<std::vector<T>> x) : Node("unroll"), x_(this, x) {}
    Out<T> out{this};
    void execute() override {
        if (x_.ticked() && !x_.value().empty()) {
            const std::vector<T>& values = x_.value();
            for (size_t i = 1; i < values.size(); ++i) rest_.schedule(TimeDelta::zero(), values[i]);
            out.tick(values.front());
        } else if (rest_.ticked()) {
            out.tick(rest_.value());
        }
    }

private:
    In<std::vector<T>> x_;
    Alarm<T> rest_{this};
};

template <class T>
class Collect final : public Node {
public:
    explicit Collect(const std::vector<Edge<T>>& xs) : Node("collect"), xs_(this, xs) {}
    Out<std::vector<T>> out{this};
    void execute() override { out.tick(xs_.ticked_values()); }

private:
    InList<T> xs_;
};

template <class T>
class Default final : public Node {
public:
    Default(Edge<T> x, T value, TimeDelta delay) : Node("default"), x_(this, x), value_(std::move(value)), delay_(delay) {}
    Out<T> out{this};
    void start() override { alarm_.schedule(delay_, true); }
    void execute() override {
        if (x_.ticked()) out.tick(x_.value());
        else if (alarm_.ticked() && !x_.valid()) out.tick(value_);
    }

private:
    In<T> x_;
    T value_;
    TimeDelta delay_;
    Alarm<bool> alarm_{this};
};

}  // namespace detail

// x's value on each tick of trigger (if x is valid); x is passive.
template <class T, class Trigger>
Edge<T> sample(Edge<Trigger> trigger, Edge<T> x) { return add<detail::Sample<T>>(trigger.slot(), x).out; }
// x when x ticks, else y; if both tick, x wins.
template <class T>
Edge<T> merge(Edge<T> x, Edge<T> y) { return add<detail::Merge<T>>(x, y).out; }
// x's ticks while the (passive) flag is true.
template <class T>
Edge<T> filter(Edge<bool> flag, Edge<T> x) { return add<detail::Filter<T>>(flag, x).out; }
// The first n ticks of x.
template <class T>
Edge<T> first_n(Edge<T> x, int64_t n) { return add<detail::FirstN<T>>(x, n).out; }
// Number of ticks of x so far, on every tick of x.
template <class T>
Edge<int64_t> count(Edge<T> x) {
    return make_node("count", [n = int64_t{0}](const In<T>&) mutable { return ++n; })(x);
}
// x's ticks, each re-emitted `delay` later.
template <class T>
Edge<T> delay(Edge<T> x, TimeDelta delay) { return add<detail::DelayByTime<T>>(x, delay).out; }
// On each tick of x, its value `ticks` ticks ago (once that many exist).
template <class T>
Edge<T> delay(Edge<T> x, size_t ticks) { return add<detail::DelayByTicks<T>>(x, ticks).out; }
// Each element of each list, the first in this cycle, the rest in following cycles at the same time.
template <class T>
Edge<T> unroll(Edge<std::vector<T>> x) { return add<detail::Unroll<T>>(x).out; }
// The values of the elements that ticked in this cycle, as a list.
template <class T>
Edge<std::vector<T>> collect(const std::vector<Edge<T>>& xs) { return add<detail::Collect<T>>(xs).out; }
// Every tick of every element, one per cycle: unroll(collect(xs)).
template <class T>
Edge<T> flatten(const std::vector<Edge<T>>& xs) { return unroll(collect(xs)); }
// x, or `value` at start + delay if x has not ticked by then.
template <class T>
Edge<T> default_(Edge<T> x, T value, TimeDelta delay = TimeDelta::zero()) {
    return add<detail::Default<T>>(x, std::move(value), delay).out;
}
// The engine time of each tick of x.
template <class T>
Edge<DateTime> times(Edge<T> x) {
    return make_node("times", [](const In<T>&) { return csp::now(); })(x);
}

}  // namespace csp
