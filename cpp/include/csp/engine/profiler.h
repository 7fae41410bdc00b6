// Profiling a run: how long each engine cycle and each node execution took.
//
// Give an engine a Profiler before it runs (Engine::set_profiler, or
// csp::RunOptions::profile) and it times, on the steady clock, every cycle
// (from its scheduler events to its end-of-cycle listeners) and every node
// execution of the graph's computation nodes (dynamic sub-graphs' included), aggregated per node
// type (the node's name without a "[detail]" suffix, or the name `type_names` gives that). A profiler may be given to several runs in
// turn: its statistics add up.
//
// Optionally every sample is written as CSV while the graph runs:
// `cycle_file` gets "Execution Time" and one line per cycle, `node_file`
// "Node Type,Execution Time" and one line per node execution, times in
// seconds written as Python's repr(float) writes them.
//
// Cost: an engine without a profiler tests one flag per cycle; with one,
// each node execution costs two clock reads and a hash lookup, and each cycle
// one relaxed atomic load.
//
// Thread-safety: the engine's thread records; the accessors below are for
// that thread (a node of the run) or for after the run. Other threads, while
// the graph runs, read `published()`: the engine hands them a copy at the end
// of the cycle after they ask, or at once while it waits for events.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace csp {

class Engine;
class Node;

// The executions of one node type.
struct NodeTypeStats {
    std::string name;
    uint64_t executions = 0;
    std::chrono::nanoseconds total_time{0};
    std::chrono::nanoseconds max_time{0};
};

// The statistics at one moment, as copied for another thread.
struct ProfileSnapshot {
    uint64_t cycle_count = 0;
    std::chrono::nanoseconds total_cycle_time{0};
    std::chrono::nanoseconds max_cycle_time{0};
    uint64_t node_count = 0;
    uint64_t node_executions = 0;  // of the root graph's nodes (those node_count counts)
    std::vector<NodeTypeStats> node_types;
    bool running = false;  // a run was in progress when it was taken
};

class Profiler {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        std::string cycle_file;  // "" : none
        std::string node_file;   // "" : none
        // Node name -> the node type it is reported as (names not listed report as themselves).
        std::unordered_map<std::string, std::string> type_names;
    };

    explicit Profiler(Options options = {});
    Profiler(const Profiler&) = delete;
    Profiler& operator=(const Profiler&) = delete;
    ~Profiler();

    // ---- engine hooks
    // A run begins: counts its nodes (for utilization), opens the CSV files
    // on the first run (throws RuntimeError naming a file it cannot open).
    void begin_run(const Engine& engine);
    // A run ended (also on error): writes out what the CSV files still buffer.
    void end_run();
    void record_cycle(std::chrono::nanoseconds elapsed) {
        add_cycle(elapsed);
        if (publish_requested_.load(std::memory_order_relaxed)) [[unlikely]] publish();
    }
    // A realtime engine waits for events (true) or goes on running cycles (false).
    void set_waiting(bool waiting);
    // Output adapters and graph outputs are not computation nodes: they are not recorded.
    void record_node(const Node& node, std::chrono::nanoseconds elapsed) {
        const size_t index = type_index(node);
        if (index != kNotRecorded) ++root_executions_;
        record(index, elapsed);
    }
    // A node of a dynamic sub-graph (csp/engine/dynamic.h): found by name, as sub-graphs come and go
    // (a node's address may be reused by another's). Its time is also part of its dynamic node's.
    void record_dynamic_node(const Node& node, std::chrono::nanoseconds elapsed);

    // ---- results
    uint64_t cycle_count() const { return cycle_count_; }
    std::chrono::nanoseconds total_cycle_time() const { return total_cycle_time_; }
    std::chrono::nanoseconds max_cycle_time() const { return max_cycle_time_; }
    // Mean cycle time in seconds (0 when no cycle ran).
    double average_cycle_seconds() const;
    // Computation nodes of the profiled graphs (adapters and graph outputs excluded), summed over runs.
    uint64_t node_count() const { return node_count_; }
    // Executions of the root graph's nodes (a dynamic sub-graph's are in node_types() only).
    uint64_t node_executions() const { return root_executions_; }
    // Root node executions / (node count * cycles): the share of the graph that runs in a cycle (0 when none).
    double utilization() const;
    // Per node type, in the order each type first executed.
    const std::vector<NodeTypeStats>& node_types() const { return types_; }

    // ---- from any thread, while a graph runs or after
    // The statistics as of the end of the engine's next cycle, or of now when
    // no cycle runs (the engine waits for events, or no run is in progress) or
    // when called on the engine's thread; waits at most `wait` for the engine,
    // then returns the latest copy it made (e.g. while the run starts or stops).
    // The profiler must outlive its readers' calls.
    ProfileSnapshot published(std::chrono::milliseconds wait);

private:
    static constexpr size_t kNotRecorded = SIZE_MAX;
    size_t type_index(const Node& node) {
        auto found = node_types_.find(&node);
        return found != node_types_.end() ? found->second : add_node(node);
    }
    size_t add_node(const Node& node);
    size_t type_for_name(const std::string& name);
    void record(size_t index, std::chrono::nanoseconds elapsed) {
        if (index == kNotRecorded) return;
        NodeTypeStats& stats = types_[index];
        ++stats.executions;
        stats.total_time += elapsed;
        if (elapsed > stats.max_time) stats.max_time = elapsed;
        if (node_file_.is_open()) write_node_sample(stats.name, elapsed);
    }
    void add_cycle(std::chrono::nanoseconds elapsed);
    void publish();
    void publish_locked();
    void write_node_sample(const std::string& type, std::chrono::nanoseconds elapsed);
    void flush(std::ofstream& file, std::string& buffer);

    Options options_;
    uint64_t cycle_count_ = 0;
    std::chrono::nanoseconds total_cycle_time_{0};
    std::chrono::nanoseconds max_cycle_time_{0};
    uint64_t node_count_ = 0;
    uint64_t root_executions_ = 0;
    std::vector<NodeTypeStats> types_;
    std::unordered_map<std::string, size_t> type_by_name_;
    std::unordered_map<const Node*, size_t> node_types_;  // of the current run
    std::unordered_map<std::string, size_t> dynamic_node_types_;  // node name -> type, of sub-graph nodes
    std::ofstream cycle_file_;
    std::ofstream node_file_;
    std::string cycle_buffer_;
    std::string node_buffer_;

    // Handing statistics to other threads (see published()).
    std::mutex publish_mutex_;
    std::condition_variable published_cv_;
    std::atomic<bool> publish_requested_{false};
    bool running_ = false;  // guarded by publish_mutex_, as are the three below
    bool waiting_ = false;
    std::thread::id engine_thread_;
    uint64_t publish_version_ = 0;
    ProfileSnapshot published_;
};

}  // namespace csp
