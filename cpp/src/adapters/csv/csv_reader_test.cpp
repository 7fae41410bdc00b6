#include "csp/adapters/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "testing/temp_csv.h"

namespace csp::csv {
namespace {

using testing::TempCsv;

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(CsvReader& reader) {
    Rows rows;
    while (reader.next()) {
        std::vector<std::string> row;
        for (size_t i = 0; i < reader.num_fields(); ++i) row.emplace_back(reader.field(i));
        rows.push_back(std::move(row));
    }
    return rows;
}

// Every chunk size must give the same records: records straddle chunk boundaries.
Rows read_with_chunks(const std::string& content, size_t chunk, CsvOptions options = {}) {
    TempCsv file(content);
    options.chunk_size = chunk;
    CsvReader reader(file.path(), options);
    return read_all(reader);
}

TEST(CsvReader, HeaderAndFields) {
    TempCsv file("a,b,c\n1,2,3\n4,,6\n");
    CsvReader reader(file.path());
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(reader.column_index("c"), 2u);
    EXPECT_FALSE(reader.column_index("zz").has_value());
    EXPECT_EQ(read_all(reader), (Rows{{"1", "2", "3"}, {"4", "", "6"}}));
}

TEST(CsvReader, QuotingRfc4180) {
    const std::string content =
        "h1,h2\n"
        "\"a,b\",\"say \"\"hi\"\"\"\n"
        "\"multi\nline\",x\n"
        "\"\",\"\"\"\"\n"
        "\"ab\"cd,e\"f\n";
    Rows expected{{"a,b", "say \"hi\""}, {"multi\nline", "x"}, {"", "\""}, {"abcd", "e\"f"}};
    for (size_t chunk : {1u, 2u, 3u, 5u, 7u, 64u, 1u << 20}) {
        EXPECT_EQ(read_with_chunks(content, chunk), expected) << "chunk " << chunk;
    }
}

TEST(CsvReader, CrLfBlankLinesAndNoFinalNewline) {
    const std::string content = "a,b\r\n1,2\r\n\r\n\n\"3\"\r\n4,5";
    for (size_t chunk : {1u, 4u, 1024u}) {
        EXPECT_EQ(read_with_chunks(content, chunk), (Rows{{"1", "2"}, {"3"}, {"4", "5"}})) << "chunk " << chunk;
    }
}

TEST(CsvReader, LineNumbersCountQuotedNewlines) {
    TempCsv file("a,b\n\"x\ny\",1\n\n2,3\n");
    CsvReader reader(file.path());
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.line(), 2);
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.line(), 5);
    EXPECT_FALSE(reader.next());
}

TEST(CsvReader, CustomDelimiterAndNoHeader) {
    TempCsv file("1;\"a;b\";3\n");
    CsvReader reader(file.path(), {.delimiter = ';', .header = false});
    EXPECT_TRUE(reader.header().empty());
    EXPECT_EQ(read_all(reader), (Rows{{"1", "a;b", "3"}}));
}

TEST(CsvReader, TrailingDelimiterGivesEmptyField) {
    EXPECT_EQ(read_with_chunks("a,b\n1,\n", 3), (Rows{{"1", ""}}));
}

TEST(CsvReader, UnterminatedQuoteNamesFileLineAndColumn) {
    TempCsv file("a,b\n1,2\n3,\"open\nmore\n");
    CsvReader reader(file.path());
    ASSERT_TRUE(reader.next());
    try {
        reader.next();
        FAIL() << "expected ValueError";
    } catch (const ValueError& e) {
        EXPECT_EQ(std::string(e.what()), file.path() + ": line 3, column 'b': unterminated quoted field");
    }
}

TEST(CsvReader, LongRecordGrowsBuffer) {
    std::string big(100000, 'x');
    EXPECT_EQ(read_with_chunks("h\n\"" + big + "\"\n" + big + "\n", 16), (Rows{{big}, {big}}));
}

TEST(CsvReader, MissingFileThrows) { EXPECT_THROW(CsvReader("/nonexistent/x.csv"), ValueError); }

TEST(CsvReader, TypedAccessErrorsNameTheColumn) {
    TempCsv file("a,price\n1,abc\n2\n");
    CsvReader reader(file.path());
    ASSERT_TRUE(reader.next());
    EXPECT_EQ(reader.get_int(0), 1);
    try {
        reader.get_double(1);
        FAIL();
    } catch (const ValueError& e) {
        EXPECT_EQ(std::string(e.what()), file.path() + ": line 2, column 'price': cannot parse 'abc' as float");
    }
    ASSERT_TRUE(reader.next());
    EXPECT_THROW(reader.get_double(1), ValueError);  // missing field
}

TEST(ParseNumbers, LikePython) {
    int64_t i;
    EXPECT_TRUE(parse_int64(" +42 ", i));
    EXPECT_EQ(i, 42);
    EXPECT_TRUE(parse_int64("-7", i));
    EXPECT_EQ(i, -7);
    EXPECT_FALSE(parse_int64("", i));
    EXPECT_FALSE(parse_int64("1.5", i));
    EXPECT_FALSE(parse_int64("12abc", i));
    EXPECT_FALSE(parse_int64("+-1", i));
    EXPECT_FALSE(parse_int64("99999999999999999999", i));
    EXPECT_TRUE(parse_int64("1_000", i));
    EXPECT_EQ(i, 1000);
    EXPECT_FALSE(parse_int64("1__0", i));
    EXPECT_FALSE(parse_int64("_1", i));
    EXPECT_FALSE(parse_int64("1_", i));
    double d;
    EXPECT_TRUE(parse_double("1e3", d));
    EXPECT_EQ(d, 1000.0);
    EXPECT_TRUE(parse_double(" +2.5", d));
    EXPECT_EQ(d, 2.5);
    EXPECT_TRUE(parse_double("nan", d));
    EXPECT_TRUE(std::isnan(d));
    EXPECT_TRUE(parse_double("-inf", d));
    EXPECT_EQ(d, -INFINITY);
    EXPECT_TRUE(parse_double("1e999", d));
    EXPECT_EQ(d, INFINITY);
    EXPECT_FALSE(parse_double("", d));
    EXPECT_FALSE(parse_double("abc", d));
    EXPECT_FALSE(parse_double("1.5x", d));
    EXPECT_TRUE(parse_double("1_0.5", d));
    EXPECT_EQ(d, 10.5);
    EXPECT_FALSE(parse_double("1._5", d));
}

TEST(TimeFormat, Directives) {
    auto f = TimeFormat::compile("%Y%m%d %X.%f");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->parse("20220102 09:30:01.5"), DateTime(2022, 1, 2, 9, 30, 1, 500000000));
    EXPECT_EQ(f->parse("20220102 09:30:01.123456789"), DateTime(2022, 1, 2, 9, 30, 1, 123456789));
    EXPECT_FALSE(f->parse("20220102 09:30:01").has_value());
    EXPECT_FALSE(f->parse("20221302 09:30:01.1").has_value());
    EXPECT_FALSE(f->parse("20220230 09:30:01.1").has_value());

    auto z = TimeFormat::compile("%Y-%m-%dT%H:%M:%S%z");
    ASSERT_TRUE(z && z->has_offset());
    EXPECT_EQ(z->parse("2022-01-01T09:30:00+0100"), DateTime(2022, 1, 1, 8, 30));
    EXPECT_EQ(z->parse("2022-01-01T09:30:00-05:30"), DateTime(2022, 1, 1, 15, 0));
    EXPECT_EQ(z->parse("2022-01-01T09:30:00Z"), DateTime(2022, 1, 1, 9, 30));

    EXPECT_EQ(TimeFormat::compile("%F %T")->parse("2020-02-29 23:59:59"), DateTime(2020, 2, 29, 23, 59, 59));
    EXPECT_EQ(TimeFormat::compile("%Y %j")->parse("2021 032"), DateTime(2021, 2, 1));
    EXPECT_EQ(TimeFormat::compile("%D")->parse("01/02/99"), DateTime(1999, 1, 2));
    EXPECT_FALSE(TimeFormat::compile("%Y %b").has_value());  // month names: unsupported
}

}  // namespace
}  // namespace csp::csv
