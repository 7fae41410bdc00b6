#include "csp/core/struct.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <new>

#include "csp/core/exceptions.h"
#include "csp/core/format.h"

namespace csp {
namespace {

constexpr std::size_t kAlignment = 16;
static_assert(kAlignment <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "plain operator new gives the alignment structs need");
constexpr int kMaxNesting = 1000;

// Bounds the recursion of operations that follow nested structs (a cycle would not end).
class NestingGuard {
public:
    NestingGuard() {
        if (++depth_ > kMaxNesting) {
            --depth_;
            throw RuntimeError("structs nested more than " + std::to_string(kMaxNesting) +
                               " levels deep (a struct that contains itself?)");
        }
    }
    ~NestingGuard() { --depth_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

private:
    static thread_local int depth_;
};
thread_local int NestingGuard::depth_ = 0;

// Structs whose last reference went away while another struct of the same
// thread was being destroyed: queued, and destroyed in a loop rather than
// recursively. The state every release reads is trivially destructible (no
// initialisation guard, nothing torn down at thread exit before other
// thread_locals that may still release structs); the queue's buffer belongs
// to a second thread_local, made at the thread's first nested release.
struct DestructionQueue {
    bool active = false;
    bool buffer_gone = false;              // the thread is exiting and its buffer was destroyed
    std::vector<Struct*>* pending = nullptr;  // reused: most destructions queue nothing
};
constinit thread_local DestructionQueue destruction_queue;

std::vector<Struct*>* make_pending_buffer() {
    struct Buffer {
        std::vector<Struct*> structs;
        ~Buffer() {
            destruction_queue.pending = nullptr;
            destruction_queue.buffer_gone = true;
        }
    };
    thread_local Buffer buffer;
    return &buffer.structs;
}

std::size_t align_up(std::size_t n, std::size_t alignment) { return (n + alignment - 1) / alignment * alignment; }

// Calls f(std::type_identity<T>{}) with T the C++ type that stores `type` (arrays: of `element`).
template <class F>
decltype(auto) visit_value_type(FieldType type, FieldType element, F&& f) {
    switch (type) {
        case FieldType::Bool: return f(std::type_identity<bool>{});
        case FieldType::Int64: return f(std::type_identity<int64_t>{});
        case FieldType::Double: return f(std::type_identity<double>{});
        case FieldType::DateTime: return f(std::type_identity<DateTime>{});
        case FieldType::TimeDelta: return f(std::type_identity<TimeDelta>{});
        case FieldType::Date: return f(std::type_identity<Date>{});
        case FieldType::Time: return f(std::type_identity<TimeOfDay>{});
        case FieldType::Enum: return f(std::type_identity<EnumValue>{});
        case FieldType::String: return f(std::type_identity<std::string>{});
        case FieldType::Struct: return f(std::type_identity<StructPtr>{});
        case FieldType::Object: return f(std::type_identity<ObjectRef>{});
        case FieldType::Array: break;
    }
    switch (element) {
        case FieldType::Bool: return f(std::type_identity<std::vector<bool>>{});
        case FieldType::Int64: return f(std::type_identity<std::vector<int64_t>>{});
        case FieldType::Double: return f(std::type_identity<std::vector<double>>{});
        case FieldType::DateTime: return f(std::type_identity<std::vector<DateTime>>{});
        case FieldType::TimeDelta: return f(std::type_identity<std::vector<TimeDelta>>{});
        case FieldType::Date: return f(std::type_identity<std::vector<Date>>{});
        case FieldType::Time: return f(std::type_identity<std::vector<TimeOfDay>>{});
        case FieldType::Enum: return f(std::type_identity<std::vector<EnumValue>>{});
        case FieldType::String: return f(std::type_identity<std::vector<std::string>>{});
        case FieldType::Struct: return f(std::type_identity<std::vector<StructPtr>>{});
        case FieldType::Object: return f(std::type_identity<std::vector<ObjectRef>>{});
        case FieldType::Array: break;
    }
    throw TypeError("arrays of arrays are not supported as struct fields");
}

template <class F>
decltype(auto) visit_field(const FieldInfo& f, F&& fn) {
    return visit_value_type(f.type, f.element, std::forward<F>(fn));
}

// ---- per-value operations: equality (NaN equals NaN), hashing, deep copy, repr

template <class T>
bool equal_values(const T& a, const T& b) { return a == b; }
bool equal_values(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }
bool equal_values(const StructPtr& a, const StructPtr& b) { return a == b || (a && b && a->equals(*b)); }
bool equal_values(const ObjectRef& a, const ObjectRef& b) {
    if (a.get() == b.get()) return true;
    return a && b && a.ops()->equal(a.get(), b.get());
}
template <class E>
bool equal_values(const std::vector<E>& a, const std::vector<E>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!equal_values(a[i], b[i])) return false;
    return true;
}

std::size_t combine(std::size_t seed, std::size_t h) { return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)); }

template <class T>
std::size_t hash_value(const T& v) { return std::hash<T>{}(v); }
std::size_t hash_value(double v) { return std::isnan(v) ? 0x7ff8 : std::hash<double>{}(v); }
std::size_t hash_value(DateTime v) { return std::hash<int64_t>{}(v.nanos()); }
std::size_t hash_value(TimeDelta v) { return std::hash<int64_t>{}(v.nanos()); }
std::size_t hash_value(Date v) { return std::hash<int32_t>{}(v.days()); }
std::size_t hash_value(TimeOfDay v) { return std::hash<int64_t>{}(v.nanos()); }
std::size_t hash_value(EnumValue v) { return std::hash<int64_t>{}(v.value); }
std::size_t hash_value(const StructPtr& v) { return v ? v->hash() : 0; }
std::size_t hash_value(const ObjectRef& v) { return v ? v.ops()->hash(v.get()) : 0; }
template <class E>
std::size_t hash_value(const std::vector<E>& v) {
    std::size_t h = v.size();
    for (const auto& e : v) h = combine(h, hash_value(e));
    return h;
}

template <class T>
T deep_value(const T& v) { return v; }
StructPtr deep_value(const StructPtr& v) { return v ? v->deepcopy() : v; }
ObjectRef deep_value(const ObjectRef& v) { return v ? ObjectRef::adopt(v.ops()->deepcopy(v.get()), v.ops()) : v; }
template <class E>
std::vector<E> deep_value(const std::vector<E>& v) {
    std::vector<E> out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(deep_value(e));
    return out;
}

template <class T>
std::string repr_value(const T& v) { return repr(v); }
std::string repr_value(const std::string& v) { return v; }  // unquoted, as a struct's repr shows strings
std::string repr_value(Date v) {
    const auto c = v.civil();
    return "datetime.date(" + std::to_string(c.year) + ", " + std::to_string(c.month) + ", " + std::to_string(c.day) + ")";
}
std::string repr_value(TimeOfDay v) {
    const auto c = v.civil();
    std::string out = "datetime.time(" + std::to_string(c.hour) + ", " + std::to_string(c.minute);
    const int64_t micros = c.nanosecond / 1000;
    if (c.second != 0 || micros != 0) out += ", " + std::to_string(c.second);
    if (micros != 0) out += ", " + std::to_string(micros);
    return out + ")";
}
std::string repr_value(EnumValue v) { return std::to_string(v.value); }
std::string repr_value(const StructPtr& v) { return v ? v->to_string() : "None"; }
std::string repr_value(const ObjectRef& v) { return v ? v.ops()->repr(v.get()) : "None"; }
template <class E>
std::string repr_value(const std::vector<E>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + repr_value(v[i]);
    return out + "]";
}

}  // namespace

std::string_view field_type_name(FieldType type) {
    switch (type) {
        case FieldType::Bool: return "bool";
        case FieldType::Int64: return "int64";
        case FieldType::Double: return "double";
        case FieldType::DateTime: return "datetime";
        case FieldType::TimeDelta: return "timedelta";
        case FieldType::Date: return "date";
        case FieldType::Time: return "time";
        case FieldType::Enum: return "enum";
        case FieldType::String: return "string";
        case FieldType::Struct: return "struct";
        case FieldType::Array: return "array";
        case FieldType::Object: return "object";
    }
    return "?";
}

// ------------------------------------------------------------ StructMeta

StructMeta::StructMeta(Private, std::string name, StructMetaPtr base, bool strict)
    : name_(std::move(name)), base_(std::move(base)), strict_(strict) {
    if (base_) {
        fields_ = base_->fields_;
        storage_size_ = base_->storage_size_;
    }
}

StructMetaPtr StructMeta::define(std::string name, std::vector<FieldSpec> fields, StructMetaPtr base, bool strict) {
    if (base && base->strict() != strict)
        throw ValueError("struct " + name + " is " + (strict ? "strict" : "not strict") + " but its base " +
                         base->name() + " is " + (base->strict() ? "strict" : "not strict"));
    auto meta = std::make_shared<StructMeta>(Private{}, std::move(name), std::move(base), strict);
    for (auto& spec : fields) meta->add_field(std::move(spec));
    meta->finish();
    return meta;
}

void StructMeta::add_field(FieldSpec spec) {
    if (finished_) throw ValueError("struct " + name_ + ": field '" + spec.name + "' declared after the type was used");
    for (const auto& f : fields_)
        if (f.name == spec.name) throw ValueError("struct " + name_ + " declares field '" + spec.name + "' twice");
    const bool takes_struct = spec.type == FieldType::Struct ||
                              (spec.type == FieldType::Array && spec.element == FieldType::Struct);
    if (takes_struct && !spec.struct_type)
        throw TypeError("struct " + name_ + ": field '" + spec.name + "' needs its struct type");
    if (spec.type == FieldType::Array && spec.element == FieldType::Array)
        throw TypeError("struct " + name_ + ": field '" + spec.name + "' is an array of arrays (not supported)");
    const auto [size, alignment] = visit_value_type(spec.type, spec.element, []<class T>(std::type_identity<T>) {
        return std::pair{sizeof(T), alignof(T)};
    });
    FieldInfo info;
    static_cast<FieldSpec&>(info) = std::move(spec);
    info.index = static_cast<uint32_t>(fields_.size());
    info.offset = static_cast<uint32_t>(align_up(storage_size_, alignment));
    storage_size_ = info.offset + size;
    fields_.push_back(std::move(info));
}

void StructMeta::finish() {
    finished_ = true;
    bits_size_ = align_up((fields_.size() + 7) / 8, kAlignment);
    storage_size_ = align_up(storage_size_, kAlignment);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        by_name_.emplace(fields_[i].name, i);
        const bool trivial = visit_value_type(fields_[i].type, fields_[i].element, []<class T>(std::type_identity<T>) {
            return std::is_trivially_destructible_v<T>;
        });
        if (!trivial) owning_fields_.push_back(static_cast<uint32_t>(i));
    }
}

const FieldInfo* StructMeta::find(std::string_view name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &fields_[it->second];
}

const FieldInfo& StructMeta::field(std::string_view name) const {
    if (const FieldInfo* f = find(name)) return *f;
    throw KeyError("struct " + name_ + " has no field '" + std::string(name) + "'");
}

void StructMeta::throw_wrong_type(const FieldInfo& f, FieldType type, FieldType element) const {
    std::string declared(field_type_name(f.type));
    if (f.type == FieldType::Array) declared += " of " + std::string(field_type_name(f.element));
    std::string requested(field_type_name(type));
    if (type == FieldType::Array) requested += " of " + std::string(field_type_name(element));
    throw TypeError("field '" + f.name + "' of struct " + name_ + " is declared " + declared + ", not " + requested);
}

bool StructMeta::is_base_of(const StructMeta& other) const {
    for (const StructMeta* m = &other; m; m = m->base_.get())
        if (m == this) return true;
    return false;
}

const StructMeta* StructMeta::common_base(const StructMeta& a, const StructMeta& b) {
    for (const StructMeta* m = &a; m; m = m->base_.get())
        if (m->is_base_of(b)) return m;
    return nullptr;
}

StructPtr StructMeta::create() const {
    void* memory = ::operator new(bits_size_ + sizeof(Struct) + storage_size_);  // 16-byte aligned
    std::memset(memory, 0, bits_size_);
    auto* s = new (static_cast<std::byte*>(memory) + bits_size_) Struct(shared_from_this());
    return StructPtr(s);
}

// ------------------------------------------------------------ Struct

// Nothing can read a struct whose last reference went away, so set values are destroyed in
// place (unset() moves a value out first, for code that reads the struct meanwhile).
Struct::~Struct() {
    const auto fields = meta_->fields();
    for (uint32_t i : meta_->owning_fields()) {
        const FieldInfo& f = fields[i];
        if (!is_set(f.index)) continue;
        visit_field(f, [&]<class T>(std::type_identity<T>) {
            if constexpr (!std::is_trivially_destructible_v<T>) std::destroy_at(reinterpret_cast<T*>(storage() + f.offset));
        });
    }
}

void Struct::release_last(Struct* s) {
    DestructionQueue& queue = destruction_queue;
    if (queue.active) {  // inside a destruction: queue it instead of recursing
        if (queue.pending == nullptr && !queue.buffer_gone) queue.pending = make_pending_buffer();
        if (queue.pending != nullptr) {
            queue.pending->push_back(s);
            return;
        }
        return destroy(s);  // at thread exit, after the buffer went: in place
    }
    queue.active = true;
    destroy(s);
    while (queue.pending != nullptr && !queue.pending->empty()) {
        Struct* next = queue.pending->back();
        queue.pending->pop_back();
        destroy(next);
    }
    queue.active = false;
}

void Struct::destroy(Struct* s) {
    const std::size_t bits_size = s->meta_->bits_size();
    s->~Struct();
    ::operator delete(reinterpret_cast<std::byte*>(s) - bits_size);
}

void Struct::unset(const FieldInfo& f) {
    if (!is_set(f.index)) return;
    mark_unset(f.index);  // first: destroying the value may run code that reads this struct
    visit_field(f, [&]<class T>(std::type_identity<T>) {
        if constexpr (!std::is_trivially_destructible_v<T>) {
            T* slot = reinterpret_cast<T*>(storage() + f.offset);
            T value(std::move(*slot));
            slot->~T();
        }
    });
}

void Struct::throw_unset(std::size_t index) const {
    throw ValueError("field '" + meta_->fields()[index].name + "' of struct " + meta_->name() + " is not set");
}

void Struct::check_struct_value(std::size_t index, const StructPtr& value) const {
    const FieldInfo& f = meta_->fields()[index];
    if (value && f.struct_type && !f.struct_type->is_base_of(value->meta()))
        throw TypeError("field '" + f.name + "' of struct " + meta_->name() + " expects struct " +
                        f.struct_type->name() + ", got " + value->meta().name());
}

void Struct::clear() {
    for (const FieldInfo& f : meta_->fields()) unset(f);
}

bool Struct::all_fields_set() const {
    for (const FieldInfo& f : meta_->fields())
        if (!is_set(f.index)) return false;
    return true;
}

std::vector<std::string_view> Struct::unset_fields() const {
    std::vector<std::string_view> names;
    for (const FieldInfo& f : meta_->fields())
        if (!is_set(f.index)) names.push_back(f.name);
    return names;
}

void Struct::validate() const {
    if (!meta_->strict() || all_fields_set()) return;
    std::string names;
    for (auto name : unset_fields()) names += (names.empty() ? "" : ", ") + std::string(name);
    throw ValueError("Struct " + meta_->name() + " is not valid; required fields [" + names + "] are not set");
}

StructPtr Struct::copy() const {
    StructPtr out = meta_->create();
    out->assign_from(*this, "copy", false);
    return out;
}

StructPtr Struct::deepcopy() const {
    NestingGuard guard;
    StructPtr out = meta_->create();
    for (const FieldInfo& f : meta_->fields()) {
        if (!is_set(f.index)) continue;
        visit_field(f, [&]<class T>(std::type_identity<T>) {
            new (out->storage() + f.offset) T(deep_value(*reinterpret_cast<const T*>(storage() + f.offset)));
        });
        out->mark_set(f.index);
    }
    return out;
}

void Struct::copy_from(const Struct& other) { assign_from(other, "copy", true); }

void Struct::update_from(const Struct& other) { assign_from(other, "update", false); }

void Struct::assign_from(const Struct& other, const char* verb, bool unset_missing) {
    // `other` may be owned only through a field of this struct, which the loop may unset.
    const StructPtr keep_other = StructPtr::share(const_cast<Struct*>(&other));
    const StructMeta* common = StructMeta::common_base(*meta_, other.meta());
    if (!common)
        throw TypeError(std::string("Attempting to ") + verb + " from struct type '" + other.meta().name() +
                        "' to struct type '" + meta_->name() + "'. " + verb + "_from may only be used to " + verb +
                        " from struct with a common base type");
    for (const FieldInfo& f : common->fields()) {
        if (!other.is_set(f.index)) {
            if (unset_missing) unset(f);
            continue;
        }
        visit_field(f, [&]<class T>(std::type_identity<T>) {
            const T& value = *reinterpret_cast<const T*>(other.storage() + f.offset);
            T* slot = reinterpret_cast<T*>(storage() + f.offset);
            if (is_set(f.index)) {
                if (slot != &value) *slot = value;
            } else {
                new (slot) T(value);
            }
        });
        mark_set(f.index);
    }
}

bool Struct::equals(const Struct& other) const {
    if (this == &other) return true;
    if (meta_ != other.meta_) return false;
    NestingGuard guard;
    for (const FieldInfo& f : meta_->fields()) {
        const bool set = is_set(f.index);
        if (set != other.is_set(f.index)) return false;
        if (!set) continue;
        const bool same = visit_field(f, [&]<class T>(std::type_identity<T>) {
            return equal_values(*reinterpret_cast<const T*>(storage() + f.offset),
                                *reinterpret_cast<const T*>(other.storage() + f.offset));
        });
        if (!same) return false;
    }
    return true;
}

std::size_t Struct::hash() const {
    NestingGuard guard;
    std::size_t h = std::hash<const void*>{}(meta_.get());
    for (const FieldInfo& f : meta_->fields()) {
        if (!is_set(f.index)) continue;
        h = combine(h, f.index);
        h = combine(h, visit_field(f, [&]<class T>(std::type_identity<T>) {
                        return hash_value(*reinterpret_cast<const T*>(storage() + f.offset));
                    }));
    }
    return h;
}

std::string Struct::to_string() const {
    NestingGuard guard;
    std::string parts;
    for (const FieldInfo& f : meta_->fields()) {
        if (!is_set(f.index)) continue;
        if (!parts.empty()) parts += ", ";
        parts += f.name + "=" + visit_field(f, [&]<class T>(std::type_identity<T>) {
                     return repr_value(*reinterpret_cast<const T*>(storage() + f.offset));
                 });
    }
    return meta_->name() + "( " + parts + " )";
}

}  // namespace csp
