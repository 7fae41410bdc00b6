// A temporary CSV file for tests (private).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace csp::testing {

// Writes `content` to a fresh temporary file; removes it on destruction.
class TempCsv {
public:
    explicit TempCsv(const std::string& content) {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("csp_csv_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".csv"))
                    .string();
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempCsv() { std::filesystem::remove(path_); }
    TempCsv(const TempCsv&) = delete;
    TempCsv& operator=(const TempCsv&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace csp::testing
