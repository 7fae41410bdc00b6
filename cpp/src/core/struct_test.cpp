#include "csp/core/struct.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "csp/core/exceptions.h"

namespace csp {
namespace {

StructMetaPtr trade_type() {
    return StructMeta::define("Trade", {{"price", FieldType::Double},
                                        {"qty", FieldType::Int64},
                                        {"symbol", FieldType::String},
                                        {"flag", FieldType::Bool},
                                        {"time", FieldType::DateTime}});
}

TEST(StructTest, FieldsStartUnsetAndReadBackWhatIsSet) {
    auto meta = trade_type();
    const auto price = meta->field<double>("price");
    const auto symbol = meta->field<std::string>("symbol");
    StructPtr t = meta->create();
    EXPECT_FALSE(t->is_set(price));
    EXPECT_EQ(t->try_get(price), nullptr);
    EXPECT_THROW(t->get(price), ValueError);
    t->set(price, 101.5);
    t->set(symbol, std::string("AAPL"));
    EXPECT_EQ(t->get(price), 101.5);
    EXPECT_EQ(t->get(symbol), "AAPL");
    t->set(symbol, std::string("a long string that does not fit in the small-string buffer"));
    EXPECT_EQ(t->get(symbol).size(), 58u);
    EXPECT_EQ(t->unset_fields(), (std::vector<std::string_view>{"qty", "flag", "time"}));
    EXPECT_FALSE(t->all_fields_set());
}

TEST(StructTest, StrictTypesNameTheirUnsetFields) {
    auto strict = StructMeta::define("Order", {{"id", FieldType::Int64}, {"side", FieldType::String}}, nullptr, true);
    StructPtr o = strict->create();
    o->set(strict->field<int64_t>("id"), 1);
    try {
        o->validate();
        FAIL() << "an unset field of a strict struct was accepted";
    } catch (const ValueError& e) {
        EXPECT_EQ(std::string(e.what()), "Struct Order is not valid; required fields [side] are not set");
    }
    o->set(strict->field<std::string>("side"), "buy");
    EXPECT_NO_THROW(o->validate());
    EXPECT_THROW(StructMeta::define("Loose", {{"x", FieldType::Int64}}, strict, false), ValueError);
    EXPECT_NO_THROW(trade_type()->create()->validate());  // not strict: unset fields are fine
}

TEST(StructTest, UnsetAndClearDestroyValues) {
    auto meta = trade_type();
    StructPtr t = meta->create();
    t->set(meta->field<std::string>("symbol"), std::string(100, 'x'));
    t->set(meta->field<int64_t>("qty"), 7);
    t->unset(meta->field("symbol"));
    EXPECT_FALSE(t->is_set(meta->field("symbol")));
    EXPECT_TRUE(t->is_set(meta->field("qty")));
    t->clear();
    EXPECT_EQ(t->unset_fields().size(), 5u);
}

TEST(StructTest, EmplaceMakesTheValueInPlace) {
    auto meta = trade_type();
    const auto symbol = meta->field<std::string>("symbol");
    StructPtr t = meta->create();
    const std::string_view long_text = "a symbol longer than the small-string buffer";
    t->emplace(symbol, long_text);
    EXPECT_EQ(t->get(symbol), long_text);
    t->emplace(symbol, std::string_view("IBM"));  // replaces a set value
    EXPECT_EQ(t->get(symbol), "IBM");
    t->emplace(symbol, 3, 'z');
    EXPECT_EQ(t->get(symbol), "zzz");
}

TEST(StructTest, TypedHandlesAreChecked) {
    auto meta = trade_type();
    try {
        meta->field<int64_t>("price");
        FAIL() << "a handle of the wrong type was given";
    } catch (const TypeError& e) {
        EXPECT_EQ(std::string(e.what()), "field 'price' of struct Trade is declared double, not int64");
    }
    EXPECT_THROW(meta->field<double>("nope"), KeyError);
    EXPECT_THROW(StructMeta::define("Bad", {{"a", FieldType::Int64}, {"a", FieldType::Double}}), ValueError);
    EXPECT_THROW(StructMeta::define("Bad", {{"s", FieldType::Struct}}), TypeError);  // no struct type given
}

TEST(StructTest, DerivedTypesKeepBaseLayoutSoBaseHandlesWork) {
    auto base = trade_type();
    std::vector<FieldSpec> extra;
    for (int i = 0; i < 20; ++i) extra.push_back({"x" + std::to_string(i), FieldType::Int64});
    auto derived = StructMeta::define("Fill", std::move(extra), base);
    ASSERT_EQ(derived->fields().size(), 25u);
    EXPECT_EQ(derived->fields()[0].name, "price");
    EXPECT_TRUE(base->is_base_of(*derived));
    EXPECT_FALSE(derived->is_base_of(*base));
    const auto price = base->field<double>("price");
    const auto x19 = derived->field<int64_t>("x19");
    StructPtr f = derived->create();
    f->set(price, 3.0);
    f->set(x19, 19);
    EXPECT_EQ(f->get(derived->field<double>("price")), 3.0);
    EXPECT_EQ(f->get(x19), 19);
    EXPECT_TRUE(f->is_set(x19));
    EXPECT_FALSE(f->is_set(derived->field<int64_t>("x18")));
}

TEST(StructTest, EqualityComparesTypeSetBitsAndValuesWithNanEqual) {
    auto meta = trade_type();
    const auto price = meta->field<double>("price");
    StructPtr a = meta->create(), b = meta->create();
    EXPECT_EQ(*a, *b);
    a->set(price, std::nan(""));
    EXPECT_NE(*a, *b);
    b->set(price, std::nan(""));
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(a->hash(), b->hash());
    b->set(price, 1.0);
    EXPECT_NE(*a, *b);
    auto other = StructMeta::define("Trade", {{"price", FieldType::Double}});
    EXPECT_NE(*meta->create(), *other->create());  // same name, another type
}

TEST(StructTest, NestedStructsCompareByValueAndCheckTheirType) {
    auto inner = StructMeta::define("Inner", {{"v", FieldType::Int64}});
    auto derived_inner = StructMeta::define("DerivedInner", {{"w", FieldType::Int64}}, inner);
    auto outer = StructMeta::define("Outer", {{"child", FieldType::Struct, FieldType::Object, inner}});
    const auto child = outer->field<StructPtr>("child");
    const auto v = inner->field<int64_t>("v");
    StructPtr a = outer->create(), b = outer->create();
    StructPtr ca = inner->create(), cb = inner->create();
    ca->set(v, 1);
    cb->set(v, 1);
    a->set(child, ca);
    b->set(child, cb);
    EXPECT_EQ(*a, *b);
    cb->set(v, 2);
    EXPECT_NE(*a, *b);
    b->set(child, derived_inner->create());  // a derived struct fits a base-typed field
    EXPECT_THROW(b->set(child, outer->create()), TypeError);
}

TEST(StructTest, CopyIsShallowForNestedStructsDeepcopyIsNot) {
    auto inner = StructMeta::define("Inner", {{"v", FieldType::Int64}});
    auto outer = StructMeta::define("Outer", {{"child", FieldType::Struct, FieldType::Object, inner},
                                              {"values", FieldType::Array, FieldType::Double},
                                              {"name", FieldType::String}});
    const auto child = outer->field<StructPtr>("child");
    const auto values = outer->field<std::vector<double>>("values");
    StructPtr o = outer->create();
    o->set(child, inner->create());
    o->set(values, std::vector<double>{1.0, 2.0});
    o->set(outer->field<std::string>("name"), std::string("n"));
    StructPtr shallow = o->copy();
    StructPtr deep = o->deepcopy();
    EXPECT_EQ(*shallow, *o);
    EXPECT_EQ(*deep, *o);
    EXPECT_EQ(shallow->get(child).get(), o->get(child).get());
    EXPECT_NE(deep->get(child).get(), o->get(child).get());
    EXPECT_EQ(deep->get(values), (std::vector<double>{1.0, 2.0}));
}

TEST(StructTest, CopyFromAndUpdateFromUseTheCommonBase) {
    auto base = StructMeta::define("Base", {{"a", FieldType::Int64}, {"b", FieldType::Int64}});
    auto left = StructMeta::define("Left", {{"l", FieldType::Int64}}, base);
    auto right = StructMeta::define("Right", {{"r", FieldType::Int64}}, base);
    const auto a = base->field<int64_t>("a"), b = base->field<int64_t>("b");
    StructPtr x = left->create(), y = right->create();
    x->set(a, 1);
    x->set(b, 2);
    x->set(left->field<int64_t>("l"), 3);
    y->set(a, 10);
    x->update_from(*y);  // only set fields of the common base
    EXPECT_EQ(x->get(a), 10);
    EXPECT_EQ(x->get(b), 2);
    x->copy_from(*y);  // unset ones too
    EXPECT_FALSE(x->is_set(b));
    EXPECT_EQ(x->get(left->field<int64_t>("l")), 3);
    auto unrelated = StructMeta::define("Other", {{"a", FieldType::Int64}});
    EXPECT_THROW(x->copy_from(*unrelated->create()), TypeError);
}

TEST(StructTest, TypedAccessByFieldInfoChecksArrayElements) {
    auto meta = StructMeta::define("Tags", {{"tags", FieldType::Array, FieldType::String}});
    StructPtr t = meta->create();
    const FieldInfo& tags = meta->field("tags");
    EXPECT_THROW(t->set<std::vector<int64_t>>(tags, {1}), TypeError);
    t->set<std::vector<std::string>>(tags, {"a"});
    EXPECT_EQ(t->mutable_value<std::vector<std::string>>(tags)->size(), 1u);
    EXPECT_THROW(t->mutable_value<std::vector<double>>(tags), TypeError);
}

TEST(StructTest, ArraysOfStructsCheckTheirElementsType) {
    auto inner = StructMeta::define("Inner", {{"v", FieldType::Int64}});
    auto other = StructMeta::define("Other", {{"v", FieldType::Int64}});
    auto outer = StructMeta::define("Outer", {{"items", FieldType::Array, FieldType::Struct, inner}});
    const auto items = outer->field<std::vector<StructPtr>>("items");
    StructPtr o = outer->create();
    o->set(items, {inner->create()});
    EXPECT_THROW(o->set(items, {inner->create(), other->create()}), TypeError);
    EXPECT_EQ(o->get(items).size(), 1u);
}

TEST(StructTest, SelfContainingStructsFailInsteadOfRecursingForever) {
    auto node = StructMeta::define("Node", {{"v", FieldType::Int64}});
    auto linked = StructMeta::define("Linked", {{"next", FieldType::Struct, FieldType::Object, node}}, node);
    const auto next = linked->field<StructPtr>("next");
    StructPtr a = linked->create();
    a->set(next, a);  // a cycle: never freed, so break it below
    EXPECT_THROW(a->hash(), RuntimeError);
    EXPECT_THROW(a->to_string(), RuntimeError);
    EXPECT_THROW(a->deepcopy(), RuntimeError);
    StructPtr b = linked->create();
    b->set(next, b);
    EXPECT_THROW((void)(*a == *b), RuntimeError);
    a->unset(linked->field("next"));
    b->unset(linked->field("next"));
}

TEST(StructTest, DeepChainsAreFreedWithoutRecursion) {
    auto node = StructMeta::define("Node", {{"v", FieldType::Int64}});
    auto linked = StructMeta::define("Linked", {{"next", FieldType::Struct, FieldType::Object, node}}, node);
    const auto next = linked->field<StructPtr>("next");
    StructPtr head = linked->create();
    for (int i = 0; i < 1'000'000; ++i) {
        StructPtr n = linked->create();
        n->set(next, head);
        head = std::move(n);
    }
    head = nullptr;  // a million nested destructions, iteratively
    SUCCEED();
}

TEST(StructTest, CopyFromAStructOwnedOnlyByTheTarget) {
    auto node = StructMeta::define("Node", {{"v", FieldType::Int64}});
    auto linked = StructMeta::define("Linked", {{"next", FieldType::Struct, FieldType::Object, node}}, node);
    const auto next = linked->field<StructPtr>("next");
    const auto v = node->field<int64_t>("v");
    StructPtr a = linked->create();
    {
        StructPtr b = linked->create();
        b->set(v, 7);
        a->set(next, b);
    }
    a->copy_from(*a->get(next));  // unsets a.next, the only owner of the source
    EXPECT_EQ(a->get(v), 7);
    EXPECT_FALSE(a->is_set(linked->field("next")));
}

TEST(StructTest, ToStringShowsSetFieldsLikePython) {
    auto meta = trade_type();
    StructPtr t = meta->create();
    EXPECT_EQ(t->to_string(), "Trade(  )");
    t->set(meta->field<double>("price"), 1.5);
    t->set(meta->field<std::string>("symbol"), std::string("X"));
    t->set(meta->field<DateTime>("time"), DateTime(2022, 1, 1));
    EXPECT_EQ(t->to_string(), "Trade( price=1.5, symbol=X, time=datetime.datetime(2022, 1, 1, 0, 0) )");
    auto timed = StructMeta::define("Timed", {{"at", FieldType::Time}});
    StructPtr at = timed->create();
    at->set(timed->field<TimeOfDay>("at"), TimeOfDay(9, 30));
    EXPECT_EQ(at->to_string(), "Timed( at=datetime.time(9, 30) )");
}

// Objects owned by a "binding": a counted integer box.
struct Box {
    int refs;
    int value;
};
const ObjectOps kBoxOps{
    [](void* o) noexcept { ++static_cast<Box*>(o)->refs; },
    [](void* o) noexcept {
        if (--static_cast<Box*>(o)->refs == 0) delete static_cast<Box*>(o);
    },
    [](void* a, void* b) { return static_cast<Box*>(a)->value == static_cast<Box*>(b)->value; },
    [](void* o) { return std::hash<int>{}(static_cast<Box*>(o)->value); },
    [](void* o) -> void* { return new Box{1, static_cast<Box*>(o)->value}; },
    [](void* o) { return "Box(" + std::to_string(static_cast<Box*>(o)->value) + ")"; },
};

TEST(StructTest, ObjectFieldsAreCountedAndCompared) {
    auto meta = StructMeta::define("Holder", {{"o", FieldType::Object}});
    const auto o = meta->field<ObjectRef>("o");
    Box* box = new Box{1, 42};
    {
        StructPtr h = meta->create();
        h->set(o, ObjectRef::adopt(box, &kBoxOps));
        EXPECT_EQ(box->refs, 1);
        StructPtr c = h->copy();
        EXPECT_EQ(box->refs, 2);
        StructPtr d = h->deepcopy();
        EXPECT_NE(d->get(o).get(), box);
        EXPECT_EQ(*d, *h);
        EXPECT_EQ(h->to_string(), "Holder( o=Box(42) )");
        ++box->refs;  // keep it alive to check the count after the structs go
    }
    EXPECT_EQ(box->refs, 1);
    delete box;
}

struct Quote : StructDef<Quote> {
    static constexpr const char* name = "Quote";
    static inline const auto bid = field<double>("bid");
    static inline const auto ask = field<double>("ask");
};
struct TimedQuote : StructDef<TimedQuote, Quote> {
    static constexpr const char* name = "TimedQuote";
    static inline const auto time = field<DateTime>("time");
    static inline const auto venues = field<std::vector<std::string>>("venues");
};

TEST(StructDefTest, StaticDeclarationsDefineTypesWithInheritance) {
    StructPtr q = TimedQuote::create();
    q->set(Quote::bid, 1.0);
    q->set(TimedQuote::time, DateTime(2022, 1, 1));
    q->set(TimedQuote::venues, std::vector<std::string>{"X", "Y"});
    EXPECT_EQ(q->get(Quote::bid), 1.0);
    EXPECT_EQ(q->get(TimedQuote::venues).size(), 2u);
    EXPECT_EQ(TimedQuote::meta()->base(), Quote::meta());
    EXPECT_EQ(TimedQuote::meta()->fields().size(), 4u);
    EXPECT_EQ(TimedQuote::meta()->field("time").index, 2u);
    EXPECT_TRUE(Quote::meta()->is_base_of(q->meta()));
}

}  // namespace
}  // namespace csp
