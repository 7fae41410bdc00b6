#include "csp/engine/profiler.h"

#include "csp/core/exceptions.h"
#include "csp/core/format.h"
#include "csp/engine/engine.h"

namespace csp {
namespace {

constexpr size_t kFlushBytes = 1 << 16;

std::string seconds_text(std::chrono::nanoseconds elapsed) {
    return format_double(static_cast<double>(elapsed.count()) / 1e9);
}

void open_csv(std::ofstream& file, const std::string& path, const char* header) {
    file.open(path, std::ios::out | std::ios::trunc);
    if (!file) throw RuntimeError("cannot open profiler output file '" + path + "' for writing");
    file << header << '\n';
}

}  // namespace

Profiler::Profiler(Options options) : options_(std::move(options)) {}

Profiler::~Profiler() {
    try {
        end_run();
    } catch (...) {  // a destructor does not throw; end_run() reports write errors to callers that ask
    }
}

void Profiler::begin_run(const Engine& engine) {
    node_types_.clear();  // node addresses of an earlier run may be reused
    std::lock_guard lock(publish_mutex_);
    for (const auto& node : engine.nodes()) {
        if (node->kind() == NodeKind::Node) ++node_count_;
    }
    running_ = true;
    waiting_ = false;
    engine_thread_ = std::this_thread::get_id();
    if (!options_.cycle_file.empty() && !cycle_file_.is_open()) open_csv(cycle_file_, options_.cycle_file, "Execution Time");
    if (!options_.node_file.empty() && !node_file_.is_open()) {
        open_csv(node_file_, options_.node_file, "Node Type,Execution Time");
    }
}

void Profiler::end_run() {
    node_types_.clear();
    {
        std::lock_guard lock(publish_mutex_);
        running_ = false;
        publish_locked();
    }
    flush(cycle_file_, cycle_buffer_);
    flush(node_file_, node_buffer_);
}

void Profiler::set_waiting(bool waiting) {
    std::lock_guard lock(publish_mutex_);
    waiting_ = waiting;
    if (!waiting) return;
    if (published_.cycle_count != cycle_count_ || published_.node_count != node_count_) {
        publish_locked();
    } else {
        published_cv_.notify_all();  // a reader waiting for a cycle's end: none comes while the engine waits
    }
}

void Profiler::publish() {
    std::lock_guard lock(publish_mutex_);
    publish_locked();
}

void Profiler::publish_locked() {
    published_.cycle_count = cycle_count_;
    published_.total_cycle_time = total_cycle_time_;
    published_.max_cycle_time = max_cycle_time_;
    published_.node_count = node_count_;
    published_.node_executions = root_executions_;
    published_.node_types = types_;
    published_.running = running_;
    ++publish_version_;
    publish_requested_.store(false, std::memory_order_relaxed);
    published_cv_.notify_all();
}

ProfileSnapshot Profiler::published(std::chrono::milliseconds wait) {
    std::unique_lock lock(publish_mutex_);
    if (running_ && std::this_thread::get_id() == engine_thread_) {
        publish_locked();  // a node of the run asks: the statistics so far, without waiting for itself
    } else if (running_ && !waiting_) {
        const uint64_t version = publish_version_;
        publish_requested_.store(true, std::memory_order_relaxed);
        published_cv_.wait_for(lock, wait, [&] { return publish_version_ != version || !running_ || waiting_; });
    }
    ProfileSnapshot snapshot = published_;
    snapshot.running = running_;
    return snapshot;
}

void Profiler::flush(std::ofstream& file, std::string& buffer) {
    if (!file.is_open()) return;
    file << buffer;
    file.flush();
    buffer.clear();
}

void Profiler::add_cycle(std::chrono::nanoseconds elapsed) {
    ++cycle_count_;
    total_cycle_time_ += elapsed;
    if (elapsed > max_cycle_time_) max_cycle_time_ = elapsed;
    if (cycle_file_.is_open()) {
        cycle_buffer_ += seconds_text(elapsed);
        cycle_buffer_ += '\n';
        if (cycle_buffer_.size() >= kFlushBytes) flush(cycle_file_, cycle_buffer_);
    }
}

void Profiler::write_node_sample(const std::string& type, std::chrono::nanoseconds elapsed) {
    node_buffer_ += type;
    node_buffer_ += ',';
    node_buffer_ += seconds_text(elapsed);
    node_buffer_ += '\n';
    if (node_buffer_.size() >= kFlushBytes) flush(node_file_, node_buffer_);
}

size_t Profiler::add_node(const Node& node) {
    const size_t index = node.kind() == NodeKind::Node ? type_for_name(node.name()) : kNotRecorded;
    node_types_.emplace(&node, index);
    return index;
}

void Profiler::record_dynamic_node(const Node& node, std::chrono::nanoseconds elapsed) {
    if (node.kind() != NodeKind::Node) return;
    auto found = dynamic_node_types_.find(node.name());
    if (found == dynamic_node_types_.end()) found = dynamic_node_types_.emplace(node.name(), type_for_name(node.name())).first;
    record(found->second, elapsed);
}

size_t Profiler::type_for_name(const std::string& name) {
    // "base[detail]" (one instance's detail, e.g. the field a struct_field node reads) is of type "base".
    const size_t bracket = name.find('[');
    const std::string base = name.ends_with(']') && bracket != std::string::npos ? name.substr(0, bracket) : name;
    auto renamed = options_.type_names.find(base);
    const std::string& type = renamed != options_.type_names.end() ? renamed->second : base;
    auto [entry, added] = type_by_name_.try_emplace(type, types_.size());
    if (added) types_.push_back({type});
    return entry->second;
}

double Profiler::average_cycle_seconds() const {
    if (cycle_count_ == 0) return 0.0;
    return static_cast<double>(total_cycle_time_.count()) / 1e9 / static_cast<double>(cycle_count_);
}

double Profiler::utilization() const {
    if (cycle_count_ == 0 || node_count_ == 0) return 0.0;
    return static_cast<double>(node_executions()) / (static_cast<double>(node_count_) * static_cast<double>(cycle_count_));
}

}  // namespace csp
