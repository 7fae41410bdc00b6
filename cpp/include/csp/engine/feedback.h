// Feedback edges and delayed binding: the two ways to wire a graph whose
// data flows back upstream.
//
//   Feedback<T>     out() is usable at once; bind(edge) exactly once. A value
//                   ticked on the bound edge arrives on out() in the next
//                   cycle, at the same time. out() counts as a source for
//                   ranking, so feedback never forms an illegal cycle.
//   DelayedEdge<T>  edge() is usable at once; bind(edge) exactly once, before
//                   the run. Unlike feedback it adds no delay, so binding it
//                   downstream of its own consumers is an illegal cycle.
//
// Errors: binding twice throws RuntimeError; never binding throws ValueError
// when the graph is prepared (unless a DelayedEdge defaults to null).
#pragma once

#include <memory>

#include "csp/engine/engine.h"

namespace csp {
namespace detail {

Engine& engine_for_building(const char* what);

template <class T>
class FeedbackSource final : public TypedInputAdapter<T> {
public:
    FeedbackSource() : TypedInputAdapter<T>("feedback", PushMode::NON_COLLAPSING) {}
};

template <class T>
class FeedbackSink final : public Node {
public:
    FeedbackSink(Edge<T> edge, FeedbackSource<T>& source) : Node("feedback_bind"), input_(this, edge), source_(&source) {
        source.output().set_producer(this, /*rank_edge=*/false);  // pruning follows it, ranking does not
    }
    bool is_root() const override { return false; }
    void execute() override {
        engine().scheduler().schedule(now(), [source = source_, value = input_.value()]() mutable {
            return source->consume_tick(std::move(value));
        });
    }

private:
    In<T> input_;
    FeedbackSource<T>* source_;
};

template <class T>
class NullSource final : public TypedInputAdapter<T> {
public:
    NullSource() : TypedInputAdapter<T>("null_ts", PushMode::NON_COLLAPSING) {}
};

}  // namespace detail

template <class T>
class Feedback {
public:
    Feedback() : source_(&detail::engine_for_building("csp::Feedback").template add_input_adapter<detail::FeedbackSource<T>>()) {
        auto bound = bound_;
        detail::engine_for_building("csp::Feedback").add_build_check([bound] {
            if (!*bound) throw ValueError("a feedback edge was never bound");
        });
    }
    Edge<T> out() const { return source_->edge(); }
    void bind(Edge<T> edge) {
        if (*bound_) throw RuntimeError("a feedback edge is bound only once");
        *bound_ = true;
        detail::engine_for_building("csp::Feedback").template add_node<detail::FeedbackSink<T>>(edge, *source_);
    }

private:
    detail::FeedbackSource<T>* source_;
    std::shared_ptr<bool> bound_ = std::make_shared<bool>(false);
};

template <class T>
class DelayedEdge {
public:
    explicit DelayedEdge(bool default_to_null = false)
        : engine_(&detail::engine_for_building("csp::DelayedEdge")), slot_(&engine_->make_unbound_slot(typeid(T))) {
        if (default_to_null) {
            default_ = &engine_->add_input_adapter<detail::NullSource<T>>();
            slot_->series = &default_->output();
        }
    }
    Edge<T> edge() const { return Edge<T>(slot_); }
    operator Edge<T>() const { return edge(); }  // NOLINT(google-explicit-constructor)
    void bind(Edge<T> edge) {
        if (bound_) throw RuntimeError("a DelayedEdge is bound only once");
        bound_ = true;
        slot_->series = edge.slot()->series;
    }
    bool is_bound() const { return bound_; }

private:
    Engine* engine_;
    EdgeSlot* slot_;
    detail::NullSource<T>* default_ = nullptr;
    bool bound_ = false;
};

}  // namespace csp
