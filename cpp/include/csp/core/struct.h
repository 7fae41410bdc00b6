// Structs: records whose type is described at runtime.
//
// A StructMeta describes a struct type: its name, its fields (name and
// FieldType), an optional base type (single inheritance: the base's fields
// come first) and whether it is strict. A Struct is one record of a type:
// reference counted (StructPtr), with every field either set or unset.
//
//     auto meta = csp::StructMeta::define("Trade", {{"price", csp::FieldType::Double},
//                                                   {"qty", csp::FieldType::Int64}});
//     const auto price = meta->field<double>("price");   // a typed handle, checked once
//     csp::StructPtr t = meta->create();                  // every field unset
//     t->set(price, 101.5);
//     double p = t->get(price);                           // throws ValueError if unset
//
// C++ types can also be declared statically (see StructDef below).
//
// Field types and their C++ value types:
//
//   Bool bool · Int64 int64_t · Double double · DateTime · TimeDelta · Date ·
//   Time TimeOfDay · Enum EnumValue · String std::string · Struct StructPtr ·
//   Array std::vector<E> (E one of the other value types but Array; bool
//   arrays are std::vector<bool>) · Object ObjectRef (a value owned by a
//   language binding, e.g. a Python object).
//
// Layout: a struct is one allocation. Fields are stored at fixed offsets after
// a small header, base fields first, so that a handle of a base type reads the
// same field in an instance of a derived type. One "set" bit per field is kept
// in front of the header (bit i at byte -(1 + i / 8)), which keeps field
// offsets independent of how many fields derived types add. A field's value
// object exists only while its bit is set (strings, arrays and references are
// constructed on set and destroyed on unset).
//
// Nested structs are reference counted: a cycle of structs referring to each
// other is never freed, and operations that follow nested structs (equality,
// hash, deepcopy, to_string) throw RuntimeError past 1,000 levels of nesting.
//
// Thread-safety: reference counting is atomic, so a StructPtr may be shared
// across threads; a struct's fields must not be written while another thread
// reads it. StructMeta is immutable once defined and safe to share.
// Errors: wrong field names raise KeyError, wrong field types TypeError,
// reading an unset field ValueError; messages name the struct and the field.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "csp/core/format.h"
#include "csp/core/time.h"

namespace csp {

enum class FieldType : uint8_t { Bool, Int64, Double, DateTime, TimeDelta, Date, Time, Enum, String, Struct, Array, Object };

// "bool", "int64", "double", "datetime", ..., as used in error messages.
std::string_view field_type_name(FieldType type);

// The integer value of an enum member (enum types are described by bindings).
struct EnumValue {
    int64_t value = 0;
    constexpr auto operator<=>(const EnumValue&) const = default;
};

// Operations on values owned by a language binding (see ObjectRef). The
// binding guarantees they may be called from wherever it lets structs be used
// (e.g. the Python binding takes the GIL in release()).
struct ObjectOps {
    void (*retain)(void* object) noexcept;
    void (*release)(void* object) noexcept;
    bool (*equal)(void* a, void* b);
    std::size_t (*hash)(void* object);
    void* (*deepcopy)(void* object);  // returns a new, retained object
    std::string (*repr)(void* object);
};

// A counted reference to a binding-owned value: copying retains, destruction releases.
class ObjectRef {
public:
    ObjectRef() = default;
    // Takes over one reference the caller holds.
    static ObjectRef adopt(void* object, const ObjectOps* ops) { return ObjectRef(object, ops); }
    // Adds a reference of its own.
    static ObjectRef share(void* object, const ObjectOps* ops) {
        if (object) ops->retain(object);
        return ObjectRef(object, ops);
    }
    ObjectRef(const ObjectRef& o) : object_(o.object_), ops_(o.ops_) { if (object_) ops_->retain(object_); }
    ObjectRef(ObjectRef&& o) noexcept : object_(std::exchange(o.object_, nullptr)), ops_(o.ops_) {}
    ObjectRef& operator=(ObjectRef o) noexcept {
        std::swap(object_, o.object_);
        std::swap(ops_, o.ops_);
        return *this;
    }
    ~ObjectRef() { if (object_) ops_->release(object_); }

    void* get() const { return object_; }
    const ObjectOps* ops() const { return ops_; }
    explicit operator bool() const { return object_ != nullptr; }

private:
    ObjectRef(void* object, const ObjectOps* ops) : object_(object), ops_(ops) {}
    void* object_ = nullptr;
    const ObjectOps* ops_ = nullptr;
};

class Struct;
class StructMeta;
using StructMetaPtr = std::shared_ptr<const StructMeta>;

// An intrusive, atomically counted pointer to a Struct.
class StructPtr {
public:
    StructPtr() = default;
    StructPtr(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
    StructPtr(const StructPtr& o);
    StructPtr(StructPtr&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    StructPtr& operator=(StructPtr o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    ~StructPtr();

    // Adds a reference to a struct that is already owned elsewhere (e.g. by a binding object).
    static StructPtr share(Struct* s);

    Struct* get() const { return s_; }
    Struct* operator->() const { return s_; }
    Struct& operator*() const { return *s_; }
    explicit operator bool() const { return s_ != nullptr; }
    friend bool operator==(const StructPtr& a, const StructPtr& b) { return a.s_ == b.s_; }

private:
    friend class Struct;
    friend class StructMeta;
    explicit StructPtr(Struct* adopted) : s_(adopted) {}
    Struct* s_ = nullptr;
};

// A field as declared.
struct FieldSpec {
    std::string name;
    FieldType type;
    FieldType element = FieldType::Object;  // arrays only: the element type
    StructMetaPtr struct_type;              // Struct fields and arrays of structs: the expected type
};

// A field as laid out in its struct type.
struct FieldInfo : FieldSpec {
    uint32_t index = 0;   // position among all fields, base fields first; the set bit
    uint32_t offset = 0;  // bytes from the start of the field storage
};

// A typed handle on one field, obtained once from StructMeta::field<T>() and
// valid on instances of that type and of every type derived from it.
template <class T>
class FieldRef {
public:
    FieldRef() = default;
    uint32_t index() const { return index_; }
    uint32_t offset() const { return offset_; }

private:
    friend class StructMeta;
    template <class, class>
    friend class StructDef;
    friend class Struct;
    FieldRef(uint32_t index, uint32_t offset) : index_(index), offset_(offset) {}
    uint32_t index_ = 0;
    uint32_t offset_ = 0;
};

// The FieldType that stores C++ type T (Array for std::vector).
template <class T>
struct FieldTypeOf;
#define CSP_FIELD_TYPE_OF(CppType, Tag) \
    template <>                         \
    struct FieldTypeOf<CppType> { static constexpr FieldType value = FieldType::Tag; }
CSP_FIELD_TYPE_OF(bool, Bool);
CSP_FIELD_TYPE_OF(int64_t, Int64);
CSP_FIELD_TYPE_OF(double, Double);
CSP_FIELD_TYPE_OF(DateTime, DateTime);
CSP_FIELD_TYPE_OF(TimeDelta, TimeDelta);
CSP_FIELD_TYPE_OF(Date, Date);
CSP_FIELD_TYPE_OF(TimeOfDay, Time);
CSP_FIELD_TYPE_OF(EnumValue, Enum);
CSP_FIELD_TYPE_OF(std::string, String);
CSP_FIELD_TYPE_OF(StructPtr, Struct);
CSP_FIELD_TYPE_OF(ObjectRef, Object);
#undef CSP_FIELD_TYPE_OF
template <class E>
struct FieldTypeOf<std::vector<E>> {
    static constexpr FieldType value = FieldType::Array;
    static constexpr FieldType element = FieldTypeOf<E>::value;
};

class StructMeta : public std::enable_shared_from_this<StructMeta> {
public:
    // Defines a struct type. Field names must be unique, including the base's;
    // Struct fields need struct_type, arrays an element type other than Array.
    // Throws ValueError / TypeError naming the struct and field at fault.
    static StructMetaPtr define(std::string name, std::vector<FieldSpec> fields, StructMetaPtr base = nullptr,
                                bool strict = false);

    const std::string& name() const { return name_; }
    const StructMetaPtr& base() const { return base_; }
    bool strict() const { return strict_; }
    // Every field, base fields first.
    std::span<const FieldInfo> fields() const { return fields_; }
    // The field named `name`, or nullptr.
    const FieldInfo* find(std::string_view name) const;
    // The field named `name`; throws KeyError.
    const FieldInfo& field(std::string_view name) const;
    // A typed handle; throws KeyError or TypeError if the field's type is not T.
    template <class T>
    FieldRef<T> field(std::string_view name) const {
        const FieldInfo& f = field(name);
        check_type(f, FieldTypeOf<T>::value, element_type_of<T>());
        return FieldRef<T>(f.index, f.offset);
    }

    // True if `other` is this type or derives from it.
    bool is_base_of(const StructMeta& other) const;
    // The most derived type both derive from (or are), nullptr if none.
    static const StructMeta* common_base(const StructMeta& a, const StructMeta& b);

    // A new struct of this type with every field unset.
    StructPtr create() const;

    // Indices of the fields whose values own resources (strings, arrays, structs, objects).
    std::span<const uint32_t> owning_fields() const { return owning_fields_; }

    // Bytes of field storage, and of set bits in front of the header.
    std::size_t storage_size() const { return storage_size_; }
    std::size_t bits_size() const { return bits_size_; }

    // An opaque pointer a language binding attaches to the type once, right
    // after defining it (e.g. its Python class); not owned. Everything else
    // about a StructMeta is immutable once defined.
    void* binding_type() const { return binding_type_; }
    void set_binding_type(void* type) const { binding_type_ = type; }

private:
    template <class, class>
    friend class StructDef;
    friend class Struct;
    struct Private {};

public:
    StructMeta(Private, std::string name, StructMetaPtr base, bool strict);

private:
    void add_field(FieldSpec spec);
    void finish();
    void check_type(const FieldInfo& f, FieldType type, FieldType element) const {
        if (f.type != type || (type == FieldType::Array && f.element != element)) throw_wrong_type(f, type, element);
    }
    [[noreturn]] void throw_wrong_type(const FieldInfo& f, FieldType type, FieldType element) const;
    template <class T>
    static constexpr FieldType element_type_of() {
        if constexpr (requires { FieldTypeOf<T>::element; }) return FieldTypeOf<T>::element;
        else return FieldType::Object;
    }

    std::string name_;
    StructMetaPtr base_;
    bool strict_;
    std::vector<FieldInfo> fields_;
    std::vector<uint32_t> owning_fields_;
    std::unordered_map<std::string_view, std::size_t> by_name_;
    std::size_t storage_size_ = 0;
    std::size_t bits_size_ = 0;
    bool finished_ = false;
    mutable void* binding_type_ = nullptr;
};

class Struct {
public:
    Struct(const Struct&) = delete;
    Struct& operator=(const Struct&) = delete;

    const StructMeta& meta() const { return *meta_; }
    const StructMetaPtr& meta_ptr() const { return meta_; }

    // ---- typed access (handles from StructMeta::field<T>, valid for this type or a base of it)
    template <class T>
    bool is_set(FieldRef<T> f) const { return is_set(f.index()); }
    // The value; throws ValueError naming the field if it is unset.
    template <class T>
    const T& get(FieldRef<T> f) const {
        if (!is_set(f.index())) throw_unset(f.index());
        return *reinterpret_cast<const T*>(storage() + f.offset());
    }
    // The value, or nullptr if unset.
    template <class T>
    const T* try_get(FieldRef<T> f) const {
        return is_set(f.index()) ? reinterpret_cast<const T*>(storage() + f.offset()) : nullptr;
    }
    // Sets the field. A struct value must be of the field's struct type (or derived): else TypeError.
    template <class T>
    void set(FieldRef<T> f, std::type_identity_t<T> value) {
        if constexpr (std::is_same_v<T, StructPtr>) check_struct_value(f.index(), value);
        if constexpr (std::is_same_v<T, std::vector<StructPtr>>)
            for (const StructPtr& element : value) check_struct_value(f.index(), element);
        T* slot = reinterpret_cast<T*>(storage() + f.offset());
        if (is_set(f.index())) {
            *slot = std::move(value);
        } else {
            new (slot) T(std::move(value));
            mark_set(f.index());
        }
    }

    // Sets a field that holds no struct to T(args...), made in place.
    template <class T, class... Args>
    void emplace(FieldRef<T> f, Args&&... args) {
        static_assert(!std::is_same_v<T, StructPtr> && !std::is_same_v<T, std::vector<StructPtr>>,
                      "struct values are checked by set()");
        T* slot = reinterpret_cast<T*>(storage() + f.offset());
        if (is_set(f.index())) {
            *slot = T(std::forward<Args>(args)...);
        } else {
            new (slot) T(std::forward<Args>(args)...);
            mark_set(f.index());
        }
    }

    // ---- access by field description (for adapters and bindings)
    bool is_set(std::size_t index) const {
        return (bits()[-1 - static_cast<std::ptrdiff_t>(index / 8)] >> (index % 8)) & 1;
    }
    bool is_set(const FieldInfo& f) const { return is_set(f.index); }
    // Unsets a field (a no-op if unset).
    void unset(const FieldInfo& f);
    // A set field's value for in-place updates, nullptr if unset; T as for set().
    template <class T>
    T* mutable_value(const FieldInfo& f) {
        meta_->check_type(f, FieldTypeOf<T>::value, StructMeta::element_type_of<T>());
        return is_set(f.index) ? reinterpret_cast<T*>(storage() + f.offset) : nullptr;
    }
    // Sets the field f of this struct's type; T must be the C++ type of f's
    // FieldType (TypeError otherwise).
    template <class T>
    void set(const FieldInfo& f, std::type_identity_t<T> value) {
        meta_->check_type(f, FieldTypeOf<T>::value, StructMeta::element_type_of<T>());
        set(FieldRef<T>(f.index, f.offset), std::move(value));
    }
    // The storage of a set field (nullptr if unset); its type is that of f.type.
    const void* value_address(const FieldInfo& f) const {
        return is_set(f.index) ? storage() + f.offset : nullptr;
    }

    // ---- whole-struct operations
    void clear();                // unsets every field
    bool all_fields_set() const;
    // Names of unset fields (what a strict struct is missing).
    std::vector<std::string_view> unset_fields() const;
    // Throws ValueError naming the unset fields if the type is strict and some are unset.
    void validate() const;
    // A new struct of the same type: values copied, nested structs and objects shared.
    StructPtr copy() const;
    // A new struct of the same type: nested structs, arrays and objects copied too.
    StructPtr deepcopy() const;
    // Makes the fields of the types' common base equal to other's, unset ones included.
    // Throws TypeError if the types share no base.
    void copy_from(const Struct& other);
    // Sets the fields of the common base that are set in other; leaves the others.
    void update_from(const Struct& other);
    // Same type, same set fields, equal values (NaN equals NaN; nested structs by value).
    bool equals(const Struct& other) const;
    friend bool operator==(const Struct& a, const Struct& b) { return a.equals(b); }
    std::size_t hash() const;
    // "Trade( price=101.5, qty=2 )": set fields only, values as Python's repr shows them.
    std::string to_string() const;

    // How many StructPtrs refer to this struct (a snapshot if other threads hold some).
    int32_t use_count() const { return refcount_.load(std::memory_order_relaxed); }

    // An opaque pointer a language binding may attach (e.g. the Python object
    // wrapping this struct). Not owned; the binding keeps it valid.
    void* binding_object() const { return binding_object_; }
    void set_binding_object(void* object) { binding_object_ = object; }

private:
    friend class StructMeta;
    friend class StructPtr;
    explicit Struct(StructMetaPtr meta) : meta_(std::move(meta)) {}
    ~Struct();

    std::byte* storage() { return reinterpret_cast<std::byte*>(this) + sizeof(Struct); }
    const std::byte* storage() const { return reinterpret_cast<const std::byte*>(this) + sizeof(Struct); }
    uint8_t* bits() { return reinterpret_cast<uint8_t*>(this); }
    const uint8_t* bits() const { return reinterpret_cast<const uint8_t*>(this); }
    void mark_set(std::size_t index) { bits()[-1 - static_cast<std::ptrdiff_t>(index / 8)] |= uint8_t(1u << (index % 8)); }
    void mark_unset(std::size_t index) {
        bits()[-1 - static_cast<std::ptrdiff_t>(index / 8)] &= uint8_t(~(1u << (index % 8)));
    }
    [[noreturn]] void throw_unset(std::size_t index) const;
    void check_struct_value(std::size_t index, const StructPtr& value) const;
    void assign_from(const Struct& other, const char* verb, bool unset_missing);
    // Destroys a struct whose last reference went away; nested structs freed
    // by it are destroyed in a loop, not recursively (deep chains are safe).
    static void release_last(Struct* s);
    static void destroy(Struct* s);

    StructMetaPtr meta_;
    mutable std::atomic<int32_t> refcount_{1};
    void* binding_object_ = nullptr;
};
static_assert(sizeof(Struct) % 16 == 0, "field storage starts 16-byte aligned");

inline StructPtr::StructPtr(const StructPtr& o) : s_(o.s_) {
    if (s_) s_->refcount_.fetch_add(1, std::memory_order_relaxed);
}
inline StructPtr::~StructPtr() {
    if (s_ && s_->refcount_.fetch_sub(1, std::memory_order_acq_rel) == 1) Struct::release_last(s_);
}
inline StructPtr StructPtr::share(Struct* s) {
    if (s) s->refcount_.fetch_add(1, std::memory_order_relaxed);
    return StructPtr(s);
}

// Static declaration of a struct type in C++:
//
//     struct Trade : csp::StructDef<Trade> {
//         static constexpr const char* name = "Trade";
//         static inline const auto price = field<double>("price");
//         static inline const auto qty = field<int64_t>("qty");
//     };
//     struct Fill : csp::StructDef<Fill, Trade> {   // derives from Trade
//         static constexpr const char* name = "Fill";
//         static inline const auto venue = field<std::string>("venue");
//     };
//     csp::StructPtr f = Fill::create();
//     f->set(Trade::price, 1.0);   // base handles work on derived instances
//
// Fields are laid out in declaration order as the static members initialize;
// meta() fixes the type on first use (declaring a field after that throws).
// Declare a type's fields before using it from another translation unit's
// static initialization.
template <class Derived, class Base = void>
class StructDef {
public:
    static const StructMetaPtr& meta() {
        static const StructMetaPtr m = [] {
            builder()->finish();
            return StructMetaPtr(builder());
        }();
        return m;
    }
    static StructPtr create() { return meta()->create(); }

protected:
    template <class T>
    static FieldRef<T> field(std::string name, StructMetaPtr struct_type = nullptr) {
        FieldSpec spec{std::move(name), FieldTypeOf<T>::value, StructMeta::element_type_of<T>(), std::move(struct_type)};
        builder()->add_field(std::move(spec));
        const FieldInfo& f = builder()->fields_.back();
        return FieldRef<T>(f.index, f.offset);
    }

private:
    static const std::shared_ptr<StructMeta>& builder() {
        static const std::shared_ptr<StructMeta> b = [] {
            StructMetaPtr base;
            if constexpr (!std::is_void_v<Base>) base = Base::meta();
            return std::make_shared<StructMeta>(StructMeta::Private{}, Derived::name, std::move(base), false);
        }();
        return b;
    }
};

// csp::print and csp::str show a struct as its to_string().
template <>
struct Formatter<StructPtr> {
    static std::string str(const StructPtr& s) { return s ? s->to_string() : "None"; }
    static std::string repr(const StructPtr& s) { return str(s); }
};

}  // namespace csp
