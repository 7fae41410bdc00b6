// Output adapters: where values leave a graph (a file, a socket, a queue).
//
//     class Printer : public csp::OutputAdapter<double> {
//     public:
//         using OutputAdapter::OutputAdapter;
//         void on_tick(const double& value) override { std::cout << value << '\n'; }
//     };
//     csp::add<Printer>("printer", prices);
//
// Output adapters start before input adapters and nodes and stop after them,
// so a writer is open for the first tick and can flush everything in stop(),
// also when the run fails.
#pragma once

#include <string>

#include "csp/engine/node.h"

namespace csp {

template <class T>
class OutputAdapter : public Node {
public:
    OutputAdapter(std::string name, Edge<T> edge) : Node(std::move(name), NodeKind::OutputAdapter), input_(this, edge) {}

    // Called on the engine thread with each value of the input.
    virtual void on_tick(const T& value) = 0;
    void execute() final { on_tick(input_.value()); }

protected:
    const In<T>& input() const { return input_; }

private:
    In<T> input_;
};

}  // namespace csp
