// CSV files as graph edges through the C++ API (csp::csv::open / read).
#include "csp/adapters/csv/csv_source.h"

#include <gtest/gtest.h>

#include "testing/temp_csv.h"
#include "testing/test_util.h"

namespace csp::csv {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::sim;
using testing::TempCsv;
using testing::values;

const char* const kTrades =
    "time,symbol,price,size,buy\n"
    "2021-12-31 23:59:59,AAPL,99.0,1,true\n"  // before the start: skipped
    "2022-01-01 00:00:01,AAPL,100.5,10,true\n"
    "2022-01-01 00:00:01,IBM,50.25,,FALSE\n"  // an empty size ticks nothing
    "2022-01-01T00:00:02.5,AAPL,101,30,0\n";

TEST(CsvSourceTest, ColumnsTickAtTheirRowsTimes) {
    TempCsv file(kTrades);
    auto results = run([&] {
        auto& trades = open(file.path());
        add_graph_output("price", trades.column<double>("price"));
        add_graph_output("size", trades.column<int64_t>("size"));
        add_graph_output("symbol", trades.column<std::string>("symbol"));
        add_graph_output("buy", trades.column<bool>("buy"));
        add_graph_output("last_price", read<double>(file.path(), "price"));
    }, sim(10s));
    EXPECT_EQ(values(results.get<double>("price")), (std::vector<double>{100.5, 50.25, 101.0}));
    EXPECT_EQ(offsets(results.get<double>("price")), (std::vector<TimeDelta>{1s, 1s, 2500ms}));
    EXPECT_EQ(values(results.get<int64_t>("size")), (std::vector<int64_t>{10, 30}));
    EXPECT_EQ(values(results.get<std::string>("symbol")), (std::vector<std::string>{"AAPL", "IBM", "AAPL"}));
    EXPECT_EQ(values(results.get<bool>("buy")), (std::vector<bool>{true, false, false}));
    EXPECT_EQ(values(results.get<double>("last_price")), values(results.get<double>("price")));
}

TEST(CsvSourceTest, RowsAtOneTimeFollowThePushMode) {
    TempCsv file(kTrades);
    auto results = run([&] { add_graph_output("price", open(file.path()).column<double>("price", PushMode::LAST_VALUE)); },
                       sim(10s));
    EXPECT_EQ(values(results.get<double>("price")), (std::vector<double>{50.25, 101.0}));
}

TEST(CsvSourceTest, ACustomTimeFormatAndDelimiter) {
    TempCsv file("when;x\n20220101 00:00:03;7\n");
    SourceOptions options{.time_column = "when", .time_format = "%Y%m%d %H:%M:%S", .csv = {.delimiter = ';'}};
    auto results = run([&] { add_graph_output("x", read<int>(file.path(), "x", options)); }, sim(10s));
    EXPECT_EQ(offsets(results.get<int>("x")), std::vector<TimeDelta>{3s});
    EXPECT_EQ(values(results.get<int>("x")), std::vector<int>{7});
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

TEST(CsvSourceTest, ErrorsNameTheFileLineAndColumn) {
    TempCsv bad_value("time,x\n2022-01-01 00:00:01,1\n2022-01-01 00:00:02,oops\n");
    const std::string value_error = error_of([&] { run([&] { add_graph_output("x", read<int64_t>(bad_value.path(), "x")); }, sim(10s)); });
    EXPECT_NE(value_error.find(bad_value.path() + ": line 3, column 'x': cannot parse 'oops' as int"), std::string::npos) << value_error;

    TempCsv backwards("time,x\n2022-01-01 00:00:02,1\n2022-01-01 00:00:01,2\n");
    const std::string order_error = error_of([&] { run([&] { add_graph_output("x", read<int>(backwards.path(), "x")); }, sim(10s)); });
    EXPECT_NE(order_error.find("line 3, column 'time': row time"), std::string::npos) << order_error;
    EXPECT_NE(order_error.find("adapter manager 'csv '"), std::string::npos) << order_error;

    const std::string column_error = error_of([&] { run([&] { add_graph_output("x", read<int>(backwards.path(), "y")); }, sim(10s)); });
    EXPECT_NE(column_error.find("no column 'y'"), std::string::npos) << column_error;
}

}  // namespace
}  // namespace csp::csv
