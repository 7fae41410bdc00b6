#include "csp/adapters/parquet/parquet_adapters.h"

#include <gtest/gtest.h>

#include <arrow/io/file.h>
#include <parquet/arrow/reader.h>

#include <filesystem>
#include <string>

#include "csp/csp.h"
#include "testing/test_util.h"

namespace csp::parquet {
namespace {

using namespace std::chrono_literals;
using csp::testing::kStart;
using csp::testing::sim;
using csp::testing::values;

class ParquetTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("csp_parquet_test_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

// Writes (time, sym, price) rows with the graph API and reads them back.
void write_trades(const std::string& file, FileFormat format) {
    run([&] {
        auto& sink = parquet_sink(file, "time", WriteOptions{.format = format, .batch_size = 2});
        sink.publish("sym", curve<std::string>({{1s, "A"}, {2s, "B"}, {3s, "A"}}));
        sink.publish("price", curve<double>({{1s, 1.5}, {2s, 2.5}, {3s, 3.5}, {4s, 4.5}}));
        sink.publish("size", curve<int64_t>({{2s, 20}}));
        sink.publish("ok", curve<bool>({{1s, true}}));
        sink.publish("age", curve<TimeDelta>({{3s, TimeDelta::from_seconds(7)}}));
        sink.publish("when", curve<DateTime>({{4s, kStart + 1h}}));
    }, sim(10s));
}

TEST_F(ParquetTest, TableReaderSeesWhatTheSinkWrote) {
    write_trades(path("t.parquet"), FileFormat::Parquet);
    TableReader reader({path("t.parquet")}, {"price", "time", "size"});
    std::vector<double> prices;
    std::vector<int64_t> times;
    int64_t nulls = 0;
    while (auto batch = reader.next_batch()) {
        ColumnView price(*batch->column(0), "price", reader.current_path(), ColumnView::Read::Double);
        ColumnView time(*batch->column(1), "time", reader.current_path(), ColumnView::Read::Nanos);
        for (int64_t i = 0; i < batch->num_rows(); ++i) {
            prices.push_back(price.as_double(i));
            times.push_back((DateTime::from_nanos(time.as_nanos(i)) - kStart).nanos());
            nulls += batch->column(2)->IsNull(i);
        }
    }
    EXPECT_EQ(prices, (std::vector<double>{1.5, 2.5, 3.5, 4.5}));
    EXPECT_EQ(times, (std::vector<int64_t>{1000000000, 2000000000, 3000000000, 4000000000}));
    EXPECT_EQ(nulls, 3);
}

class RoundTrip : public ParquetTest, public ::testing::WithParamInterface<FileFormat> {};

TEST_P(RoundTrip, EveryColumnTypeBySymbolAndForAll) {
    const std::string file = path("t.data");
    write_trades(file, GetParam());
    auto results = run([&] {
        auto& source = parquet_source({.paths = {file}, .time_column = "time", .symbol_column = "sym",
                                       .read = {.format = GetParam()}});
        add_graph_output("a", source.subscribe<double>("price", "A"));
        add_graph_output("all", source.subscribe<double>("price"));
        add_graph_output("sym", source.subscribe<std::string>("sym"));
        add_graph_output("size", source.subscribe<int64_t>("size"));
        add_graph_output("ok", source.subscribe<bool>("ok"));
        add_graph_output("age", source.subscribe<TimeDelta>("age"));
        add_graph_output("when", source.subscribe<DateTime>("when"));
    }, sim(3s));  // the row at 4s is past the end
    EXPECT_EQ(values(results.get<double>("a")), (std::vector<double>{1.5, 3.5}));
    EXPECT_EQ(values(results.get<double>("all")), (std::vector<double>{1.5, 2.5, 3.5}));
    EXPECT_EQ(values(results.get<std::string>("sym")), (std::vector<std::string>{"A", "B", "A"}));
    EXPECT_EQ(values(results.get<int64_t>("size")), (std::vector<int64_t>{20}));
    EXPECT_EQ(values(results.get<bool>("ok")), (std::vector<bool>{true}));
    EXPECT_EQ(values(results.get<TimeDelta>("age")), (std::vector<TimeDelta>{TimeDelta::from_seconds(7)}));
    EXPECT_TRUE(results.get<DateTime>("when").empty());
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip, ::testing::Values(FileFormat::Parquet, FileFormat::ArrowIpcStream));

TEST_F(ParquetTest, RowsBeforeTheStartAreSkippedAndFilesReadInOrder) {
    write_trades(path("a.parquet"), FileFormat::Parquet);
    write_trades(path("b.parquet"), FileFormat::Parquet);
    RunOptions options = sim(10s);
    options.starttime = kStart + 3s;
    auto results = run([&] {
        auto& source = parquet_source({.paths = {path("a.parquet"), path("b.parquet")}, .time_column = "time"});
        add_graph_output("all", source.subscribe<double>("price", std::nullopt, PushMode::LAST_VALUE));
        add_graph_output("burst", source.subscribe_burst<double>("price"));
    }, options);
    // a: 3s, 4s; b: its 1s..4s rows tick at a's last time (4s), LAST_VALUE keeps the last.
    EXPECT_EQ(values(results.get<double>("all")), (std::vector<double>{3.5, 4.5}));
    EXPECT_EQ(values(results.get<std::vector<double>>("burst")),
              (std::vector<std::vector<double>>{{3.5}, {4.5, 1.5, 2.5, 3.5, 4.5}}));
}

TEST_F(ParquetTest, TimeShiftWindowAndInMemoryTables) {
    write_trades(path("t.parquet"), FileFormat::Parquet);
    TableReader file({path("t.parquet")}, {"time", "price"});
    auto batch = file.next_batch();
    ASSERT_TRUE(batch);
    auto results = run([&] {
        auto& shifted = parquet_source({.paths = {path("t.parquet")}, .time_column = "time",
                                        .time_shift = TimeDelta::from_seconds(10),
                                        .end_time = kStart + 13s});
        add_graph_output("shifted", shifted.subscribe<double>("price"));
        auto& memory = parquet_source({.table_provider = [&](DateTime, DateTime) {
                                           return std::vector<std::shared_ptr<arrow::RecordBatchReader>>{
                                               *arrow::RecordBatchReader::Make({batch->Slice(0, 1), batch->Slice(1)})};
                                       },
                                       .time_column = "time", .start_time = kStart + 2s});
        add_graph_output("memory", memory.subscribe<double>("price"));
    }, sim(30s));
    EXPECT_EQ(csp::testing::offsets(results.get<double>("shifted")), (std::vector<TimeDelta>{11s, 12s, 13s}));
    EXPECT_EQ(values(results.get<double>("memory")), (std::vector<double>{2.5, 3.5, 4.5}));
}

// A (time, x) batch: times are offsets from kStart.
std::shared_ptr<arrow::RecordBatch> timed_rows(const std::vector<TimeDelta>& times, const std::vector<double>& xs) {
    arrow::TimestampBuilder time_builder(arrow::timestamp(arrow::TimeUnit::NANO, "UTC"), arrow::default_memory_pool());
    arrow::DoubleBuilder x_builder;
    for (const TimeDelta& t : times) EXPECT_TRUE(time_builder.Append((kStart + t).nanos()).ok());
    for (double x : xs) EXPECT_TRUE(x_builder.Append(x).ok());
    auto schema = arrow::schema({arrow::field("time", arrow::timestamp(arrow::TimeUnit::NANO, "UTC")),
                                 arrow::field("x", arrow::float64())});
    return arrow::RecordBatch::Make(schema, static_cast<int64_t>(xs.size()),
                                    {*time_builder.Finish(), *x_builder.Finish()});
}

TEST_F(ParquetTest, RowsOfOneTimeAcrossBatchesTickByPushMode) {
    // Rows at 1s, 1s | (empty batch) | 1s, 2s, 2s | 4s: one time spans batches, an empty batch in between.
    auto rows = timed_rows({1s, 1s, 1s, 2s, 2s, 4s}, {1, 2, 3, 4, 5, 6});
    auto tables = [&](DateTime, DateTime) {
        return std::vector<std::shared_ptr<arrow::RecordBatchReader>>{
            *arrow::RecordBatchReader::Make({rows->Slice(0, 2), rows->Slice(2, 0), rows->Slice(2, 3), rows->Slice(5)}),
            *arrow::RecordBatchReader::Make({rows->Slice(0, 0)})};  // a table without rows
    };
    auto results = run([&] {
        // A source each: a NON_COLLAPSING subscriber holds back the rows of its whole source.
        add_graph_output("each", parquet_source({.table_provider = tables, .time_column = "time"}).subscribe<double>("x"));
        add_graph_output("last", parquet_source({.table_provider = tables, .time_column = "time"})
                                     .subscribe<double>("x", std::nullopt, PushMode::LAST_VALUE));
        add_graph_output("burst", parquet_source({.table_provider = tables, .time_column = "time"})
                                      .subscribe_burst<double>("x"));
    }, sim(3s));  // the row at 4s is past the end
    EXPECT_EQ(values(results.get<double>("each")), (std::vector<double>{1, 2, 3, 4, 5}));
    EXPECT_EQ(csp::testing::offsets(results.get<double>("each")), (std::vector<TimeDelta>{1s, 1s, 1s, 2s, 2s}));
    EXPECT_EQ(values(results.get<double>("last")), (std::vector<double>{3, 5}));
    EXPECT_EQ(csp::testing::offsets(results.get<double>("last")), (std::vector<TimeDelta>{1s, 2s}));
    EXPECT_EQ(values(results.get<std::vector<double>>("burst")), (std::vector<std::vector<double>>{{1, 2, 3}, {4, 5}}));
}

TEST_F(ParquetTest, ATableWithoutRowsTicksNothing) {
    auto empty = timed_rows({}, {});
    auto results = run([&] {
        auto& source = parquet_source({.table_provider = [&](DateTime, DateTime) {
                                           return std::vector<std::shared_ptr<arrow::RecordBatchReader>>{
                                               *arrow::RecordBatchReader::Make({empty})};
                                       },
                                       .time_column = "time"});
        add_graph_output("x", source.subscribe<double>("x"));
    }, sim(3s));
    EXPECT_TRUE(results.get<double>("x").empty());
}

TEST_F(ParquetTest, MissingColumnNamesFileAndColumn) {
    write_trades(path("t.parquet"), FileFormat::Parquet);
    try {
        run([&] {
            auto& source = parquet_source({.paths = {path("t.parquet")}, .time_column = "time"});
            add_graph_output("x", source.subscribe<double>("nope"));
        }, sim(10s));
        FAIL() << "no error";
    } catch (const KeyError& e) {
        EXPECT_NE(std::string(e.what()).find("t.parquet' has no column 'nope'"), std::string::npos) << e.what();
    }
}

TEST_F(ParquetTest, WrongColumnTypeNamesFileAndColumn) {
    write_trades(path("t.parquet"), FileFormat::Parquet);
    try {
        run([&] {
            auto& source = parquet_source({.paths = {path("t.parquet")}, .time_column = "time"});
            add_graph_output("x", source.subscribe<double>("sym"));
        }, sim(10s));
        FAIL() << "no error";
    } catch (const TypeError& e) {
        EXPECT_NE(std::string(e.what()).find("column 'sym': cannot read string as float"), std::string::npos)
            << e.what();
    }
}

std::vector<double> read_doubles(const std::string& file, const std::string& column) {
    TableReader reader({file}, {column});
    std::vector<double> seen;
    while (auto batch = reader.next_batch()) {
        ColumnView x(*batch->column(0), column, file, ColumnView::Read::Double);
        for (int64_t i = 0; i < batch->num_rows(); ++i) seen.push_back(x.as_double(i));
    }
    return seen;
}

class FailAt : public Node {
public:
    FailAt(Edge<double> x, double bad) : Node("fail_at"), x_(this, x), bad_(bad) {}
    void execute() override {
        if (x_.value() == bad_) throw ValueError("bad value");
    }

private:
    In<double> x_;
    double bad_;
};

TEST_F(ParquetTest, AFailedRunLeavesACompleteFile) {
    const std::string file = path("t.parquet");
    EXPECT_THROW(run([&] {
        auto x = curve<double>({{1s, 1.0}, {2s, 2.0}, {3s, 3.0}, {4s, 4.0}});
        parquet_sink(file, "time", WriteOptions{.batch_size = 100}).publish("x", x);
        add<FailAt>(x, 3.0);
    }, sim(10s)), ValueError);
    EXPECT_EQ(read_doubles(file, "x"), (std::vector<double>{1.0, 2.0, 3.0}));  // the failing cycle's value included
}

TEST_F(ParquetTest, FileNamesSwitchFilesFromTheirCycleOn) {
    const std::string a = path("a.parquet"), b = path("b.parquet");
    run([&] {
        auto& sink = parquet_sink("", "time");
        // Whether the name or the value is handled first in the cycle at 2s, that row goes to b.
        auto x = curve<double>({{1s, 1.0}, {2s, 2.0}, {3s, 3.0}});
        sink.publish("x", x);
        sink.file_names(curve<std::string>({{0s, a}, {2s, b}}));
    }, sim(10s));
    EXPECT_EQ(read_doubles(a, "x"), (std::vector<double>{1.0}));
    EXPECT_EQ(read_doubles(b, "x"), (std::vector<double>{2.0, 3.0}));
}

TEST_F(ParquetTest, AnUnendedRowMovesToTheNextFile) {
    auto schema = arrow::schema({arrow::field("x", arrow::float64()), arrow::field("y", arrow::int64())});
    TableWriter first(path("a.parquet"), schema);
    ASSERT_TRUE(first.builder<arrow::DoubleBuilder>(0).Append(1.0).ok());
    first.end_row();
    ASSERT_TRUE(first.builder<arrow::DoubleBuilder>(0).Append(2.0).ok());  // y not appended yet
    arrow::ArrayVector unended = first.close_keeping_unended_row();
    TableWriter second(path("b.parquet"), schema);
    second.append_row_values(unended);
    ASSERT_TRUE(second.builder<arrow::Int64Builder>(1).Append(7).ok());
    second.end_row();
    second.close();
    EXPECT_EQ(read_doubles(path("a.parquet"), "x"), (std::vector<double>{1.0}));
    EXPECT_EQ(read_doubles(path("b.parquet"), "x"), (std::vector<double>{2.0}));
    EXPECT_EQ(read_doubles(path("b.parquet"), "y"), (std::vector<double>{7.0}));
}

TEST_F(ParquetTest, UnknownCompressionIsRejected) {
    auto schema = arrow::schema({arrow::field("x", arrow::float64())});
    EXPECT_THROW(TableWriter(path("t.parquet"), schema, WriteOptions{.compression = "nope"}), ValueError);
    TableWriter zstd(path("z.parquet"), schema, WriteOptions{.compression = "zstd"});
    ASSERT_TRUE(zstd.builder<arrow::DoubleBuilder>(0).Append(1.0).ok());
    zstd.end_row();
    zstd.close();
    TableReader reader({path("z.parquet")}, {"x"});
    auto batch = reader.next_batch();
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->num_rows(), 1);
}

std::vector<int64_t> read_ints(const std::string& file, const std::string& column) {
    TableReader reader({file}, {column});
    std::vector<int64_t> seen;
    while (auto batch = reader.next_batch()) {
        ColumnView x(*batch->column(0), column, file, ColumnView::Read::Int);
        for (int64_t i = 0; i < batch->num_rows(); ++i) seen.push_back(x.as_int(i));
    }
    return seen;
}

int64_t count_rows(const std::string& file, const std::string& column) {
    TableReader reader({file}, {column});
    int64_t rows = 0;
    while (auto batch = reader.next_batch()) rows += batch->num_rows();
    return rows;
}

std::vector<std::string> read_strings(const std::string& file, const std::string& column) {
    TableReader reader({file}, {column});
    std::vector<std::string> seen;
    while (auto batch = reader.next_batch()) {
        ColumnView x(*batch->column(0), column, file, ColumnView::Read::String);
        for (int64_t i = 0; i < batch->num_rows(); ++i) seen.emplace_back(x.is_null(i) ? "<null>" : x.as_string(i));
    }
    return seen;
}

// Whether column `column` of row group `row_group` of a Parquet file has a dictionary page.
bool has_dictionary(const std::string& file, int row_group, int column) {
    auto in = arrow::io::ReadableFile::Open(file).ValueOrDie();
    auto reader = ::parquet::arrow::OpenFile(in, arrow::default_memory_pool()).ValueOrDie();
    return reader->parquet_reader()->metadata()->RowGroup(row_group)->ColumnChunk(column)->has_dictionary_page();
}

TEST_F(ParquetTest, DictionariesOnlyForColumnsWhoseValuesRepeat) {
    auto schema = arrow::schema({arrow::field("distinct", arrow::int64()), arrow::field("repeated", arrow::int64()),
                                 arrow::field("name", arrow::utf8())});
    std::vector<int64_t> distinct, repeated;
    {
        TableWriter writer(path("t.parquet"), schema, WriteOptions{.batch_size = 300});
        for (int64_t i = 0; i < 1000; ++i) {
            distinct.push_back(i * 7);
            repeated.push_back(i % 3);
            ASSERT_TRUE(writer.builder<arrow::Int64Builder>(0).Append(distinct.back()).ok());
            ASSERT_TRUE(writer.builder<arrow::Int64Builder>(1).Append(repeated.back()).ok());
            ASSERT_TRUE(writer.builder<arrow::StringBuilder>(2).Append(std::to_string(i)).ok());
            writer.end_row();
        }
    }
    EXPECT_EQ(read_ints(path("t.parquet"), "distinct"), distinct);
    EXPECT_EQ(read_ints(path("t.parquet"), "repeated"), repeated);
    EXPECT_EQ(read_strings(path("t.parquet"), "name").back(), "999");
    for (int row_group = 0; row_group < 4; ++row_group) {  // 300, 300, 300, 100 rows
        EXPECT_FALSE(has_dictionary(path("t.parquet"), row_group, 0));
        EXPECT_TRUE(has_dictionary(path("t.parquet"), row_group, 1));
        EXPECT_TRUE(has_dictionary(path("t.parquet"), row_group, 2));  // strings keep theirs
    }
    TableWriter plain(path("p.parquet"), schema, WriteOptions{.write_dictionary = false});
    ASSERT_TRUE(plain.builder<arrow::Int64Builder>(1).Append(1).ok());
    plain.end_row();
    plain.close();
    EXPECT_FALSE(has_dictionary(path("p.parquet"), 0, 1));
}

TEST_F(ParquetTest, AFileWithoutRowsHasTheSchema) {
    auto schema = arrow::schema({arrow::field("x", arrow::float64())});
    TableWriter(path("t.parquet"), schema).close();
    auto in = arrow::io::ReadableFile::Open(path("t.parquet")).ValueOrDie();
    auto reader = ::parquet::arrow::OpenFile(in, arrow::default_memory_pool()).ValueOrDie();
    std::shared_ptr<arrow::Schema> read;
    ASSERT_TRUE(reader->GetSchema(&read).ok());
    EXPECT_TRUE(read->Equals(*schema));
    EXPECT_EQ(count_rows(path("t.parquet"), "x"), 0);
}

TEST_F(ParquetTest, BatchesReadAheadComeInOrderAndAReaderMayStopEarly) {
    auto schema = arrow::schema({arrow::field("x", arrow::float64())});
    std::vector<double> written;
    for (const char* name : {"a.parquet", "b.arrow"}) {
        TableWriter writer(path(name), schema,
                           WriteOptions{.format = name[2] == 'p' ? FileFormat::Parquet : FileFormat::ArrowIpcStream,
                                        .batch_size = 7});
        for (int i = 0; i < 100; ++i) {
            ASSERT_TRUE(writer.builder<arrow::DoubleBuilder>(0).Append(i * 0.5).ok());
            writer.end_row();
            written.push_back(i * 0.5);
        }
    }
    EXPECT_EQ(read_doubles(path("a.parquet"), "x"), std::vector<double>(written.begin(), written.begin() + 100));
    TableReader ipc({path("b.arrow")}, {"x"}, ReadOptions{.format = FileFormat::ArrowIpcStream});
    std::vector<double> seen;
    while (auto batch = ipc.next_batch()) {
        EXPECT_EQ(batch->num_rows(), seen.size() < 98 ? 7 : 2);
        ColumnView x(*batch->column(0), "x", ipc.current_path(), ColumnView::Read::Double);
        for (int64_t i = 0; i < batch->num_rows(); ++i) seen.push_back(x.as_double(i));
    }
    EXPECT_EQ(seen, std::vector<double>(written.begin() + 100, written.end()));
    TableReader early({path("a.parquet")}, {"x"});
    ASSERT_TRUE(early.next_batch());  // destroyed while the next batch is being decoded
}

TEST_F(ParquetTest, AnErrorDecodingAheadIsRaisedWhereItsBatchWouldBe) {
    auto schema = arrow::schema({arrow::field("x", arrow::float64())});
    {
        TableWriter writer(path("t.arrow"), schema, WriteOptions{.format = FileFormat::ArrowIpcStream, .batch_size = 10});
        for (int i = 0; i < 100; ++i) {
            ASSERT_TRUE(writer.builder<arrow::DoubleBuilder>(0).Append(i).ok());
            writer.end_row();
        }
    }
    std::filesystem::resize_file(path("t.arrow"), std::filesystem::file_size(path("t.arrow")) / 2);
    TableReader reader({path("t.arrow")}, {"x"}, ReadOptions{.format = FileFormat::ArrowIpcStream});
    int64_t rows = 0;
    try {
        while (auto batch = reader.next_batch()) rows += batch->num_rows();
        FAIL() << "no error";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("t.arrow"), std::string::npos) << e.what();
    }
    EXPECT_GT(rows, 0);
    EXPECT_LT(rows, 100);
}

TEST_F(ParquetTest, SplitColumnsWriteAFilePerColumnWithItsMetadata) {
    const std::string dir = path("out/day1");  // created with its parent
    run([&] {
        WriteOptions options{.metadata = {{"source", "test"}}, .column_metadata = {{"x", {{"unit", "m"}}}},
                             .split_columns = true};
        auto& sink = parquet_sink(dir, "time", options);
        sink.publish("x", curve<double>({{1s, 1.0}, {2s, 2.0}}));
        sink.publish("n", curve<int64_t>({{2s, 7}}));
    }, sim(10s));
    EXPECT_EQ(read_doubles(dir + "/x.parquet", "x"), (std::vector<double>{1.0, 2.0}));
    EXPECT_EQ(count_rows(dir + "/time.parquet", "time"), 2);
    auto file = arrow::io::ReadableFile::Open(dir + "/x.parquet").ValueOrDie();
    std::unique_ptr<::parquet::arrow::FileReader> reader =
        ::parquet::arrow::OpenFile(file, arrow::default_memory_pool()).ValueOrDie();
    std::shared_ptr<arrow::Schema> schema;
    ASSERT_TRUE(reader->GetSchema(&schema).ok());
    ASSERT_EQ(schema->num_fields(), 1);
    ASSERT_TRUE(schema->field(0)->metadata());
    EXPECT_EQ(schema->field(0)->metadata()->Get("unit").ValueOr(""), "m");
    ASSERT_TRUE(schema->metadata());
    EXPECT_EQ(schema->metadata()->Get("source").ValueOr(""), "test");
}

// Writes each value of a double series as basket key `key`.
class BasketValue final : public OutputAdapter<double> {
public:
    BasketValue(ParquetSink& sink, BasketColumns& basket, std::string key, Edge<double> x)
        : OutputAdapter<double>("basket_value", x), sink_(sink), basket_(basket), key_(std::move(key)) {}
    void on_tick(const double& value) override {
        sink_.mark_row();
        ASSERT_TRUE(static_cast<arrow::StringBuilder&>(basket_.builder(0)).Append(key_).ok());
        ASSERT_TRUE(static_cast<arrow::DoubleBuilder&>(basket_.builder(1)).Append(value).ok());
        basket_.end_value();
    }

private:
    ParquetSink& sink_;
    BasketColumns& basket_;
    std::string key_;
};

TEST_F(ParquetTest, BasketValuesHaveTheirOwnRowsAndACountPerMainRow) {
    const std::string dir = path("out");
    run([&] {
        auto& sink = parquet_sink(dir, "time", WriteOptions{.split_columns = true});
        sink.publish("x", curve<int64_t>({{1s, 1}, {2s, 2}, {3s, 3}}));
        BasketColumns& basket = sink.add_basket("px", {arrow::field("px", arrow::float64())});
        add<BasketValue>(sink, basket, "a", curve<double>({{2s, 1.5}}));
        add<BasketValue>(sink, basket, "b", curve<double>({{3s, 2.5}, {4s, 3.5}}));
    }, sim(10s));
    EXPECT_EQ(read_ints(dir + "/px__csp_value_count.parquet", "px__csp_value_count"),
              (std::vector<int64_t>{0, 1, 1, 1}));
    EXPECT_EQ(read_strings(dir + "/px__csp_symbol.parquet", "px__csp_symbol"),
              (std::vector<std::string>{"a", "b", "b"}));
    EXPECT_EQ(read_doubles(dir + "/px.parquet", "px"), (std::vector<double>{1.5, 2.5, 3.5}));
    EXPECT_EQ(count_rows(dir + "/time.parquet", "time"), 4);  // a row at 4s for the basket alone
}

TEST_F(ParquetTest, BasketsNeedSplitColumnsAndMetadataAWrittenColumn) {
    EXPECT_THROW(run([&] {
        auto& sink = parquet_sink(path("t.parquet"), "time");
        sink.add_basket("px", {arrow::field("px", arrow::float64())});
    }, sim(10s)), ValueError);
    EXPECT_THROW(run([&] {
        parquet_sink(path("u.parquet"), "time", WriteOptions{.column_metadata = {{"nope", {{"a", "b"}}}}})
            .publish("x", curve<double>({{1s, 1.0}}));
    }, sim(10s)), ValueError);
}

}  // namespace
}  // namespace csp::parquet
