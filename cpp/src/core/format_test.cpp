#include "csp/core/format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace csp {
namespace {

TEST(FormatTest, DoublesPrintLikePythonRepr) {
    EXPECT_EQ(format_double(1.0), "1.0");
    EXPECT_EQ(format_double(0.1), "0.1");
    EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(format_double(-2.5), "-2.5");
    EXPECT_EQ(format_double(100000.0), "100000.0");
    EXPECT_EQ(format_double(1e16), "1e+16");
    EXPECT_EQ(format_double(1.5e16), "1.5e+16");
    EXPECT_EQ(format_double(123456789012345.6), "123456789012345.6");
    EXPECT_EQ(format_double(0.0001), "0.0001");
    EXPECT_EQ(format_double(0.00001), "1e-05");
    EXPECT_EQ(format_double(-0.0), "-0.0");
    EXPECT_EQ(format_double(std::nan("")), "nan");
    EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(FormatTest, ValuesPrintLikePythonStr) {
    EXPECT_EQ(str(true), "True");
    EXPECT_EQ(str(42), "42");
    EXPECT_EQ(str(int64_t{-7}), "-7");
    EXPECT_EQ(str(std::string("hi")), "hi");
    EXPECT_EQ(str(std::vector<std::string>{"a", "it's"}), "['a', \"it's\"]");
    EXPECT_EQ(str(std::vector<double>{1.0, 2.5}), "[1.0, 2.5]");
    EXPECT_EQ(str(std::make_pair(1, std::string("x"))), "(1, 'x')");
    EXPECT_EQ(str(std::optional<int>()), "None");
    EXPECT_EQ(quote_string("a\nb"), "'a\\nb'");
}

}  // namespace
}  // namespace csp
