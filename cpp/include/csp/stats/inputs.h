// The data inputs of a csp::stats statistic, and the samples they produce.
//
// A statistic reads, every data tick, one *row* of samples: one sample for
// a float series (ScalarCodec), or one per element of an array series,
// computed element-wise (an array codec, e.g. VectorCodec; the Python module
// adds one for numpy arrays). A sample is
//
//   - double          one series;
//   - Pair            x and y (cov, corr, cov_matrix: every (x[i], x[j]));
//   - Weighted        x and its weight;
//   - WeightedPair    x, y and their weight.
//
// A weight is the last value of the weights series when x ticks (NaN before
// its first tick); a sample with a NaN component is a NaN sample.
//
// Codec contract (arrays):
//
//     struct Codec {
//         using Value = ...;                       // the series' value type
//         static constexpr bool kArray = true;
//         struct View { Shape shape; const double* data; size_t size; ... };  // may own a buffer
//         static View view(const Value&);          // the elements, row-major; throws TypeError
//         static bool same_shape(const Shape&, const Shape&);
//         static std::string describe(const Shape&);  // for errors
//         static size_t ndim(const Shape&);
//         template <class O> using Array = ...;   // an output array of O
//         template <class O> static Array<O> make(const Shape&, std::vector<O> values);
//         static Shape matrix_shape(size_t n);    // (n, n), for cov_matrix / corr_matrix
//     };
//
// Thread-safety: engine thread only.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/engine/node.h"

namespace csp::stats {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two simultaneous samples (cov, corr).
struct Pair {
    double x = kNaN;
    double y = kNaN;
};

// A sample and its weight.
struct Weighted {
    double x = kNaN;
    double w = kNaN;
};

// Two simultaneous samples and their weight (weighted cov, corr).
struct WeightedPair {
    double x = kNaN;
    double y = kNaN;
    double w = kNaN;
};

inline bool is_nan(double v) { return std::isnan(v); }
inline bool is_nan(const Pair& p) { return std::isnan(p.x) || std::isnan(p.y); }
inline bool is_nan(const Weighted& s) { return std::isnan(s.x) || std::isnan(s.w); }
inline bool is_nan(const WeightedPair& s) { return std::isnan(s.x) || std::isnan(s.y) || std::isnan(s.w); }

// The two values of a (paired) sample; a single series' value stands for both.
inline double first_of(double v) { return v; }
inline double second_of(double v) { return v; }
inline double first_of(const Pair& p) { return p.x; }
inline double second_of(const Pair& p) { return p.y; }

template <class Sample>
inline constexpr bool kPaired = std::is_same_v<Sample, Pair> || std::is_same_v<Sample, WeightedPair>;
template <class Sample>
inline constexpr bool kWeighted = std::is_same_v<Sample, Weighted> || std::is_same_v<Sample, WeightedPair>;

template <class Sample>
Sample make_sample(double x, double y, double w) {
    if constexpr (std::is_same_v<Sample, double>) return x;
    else if constexpr (std::is_same_v<Sample, Pair>) return Pair{x, y};
    else if constexpr (std::is_same_v<Sample, Weighted>) return Weighted{x, w};
    else return WeightedPair{x, y, w};
}

// One float per tick.
struct ScalarCodec {
    using Value = double;
    static constexpr bool kArray = false;
    struct Shape {};
    struct View {
        Shape shape;
        const double* data;
        size_t size;
    };
};

// std::vector<double> series, element-wise (the C++ API's arrays).
struct VectorCodec {
    using Value = std::vector<double>;
    static constexpr bool kArray = true;
    struct Shape {
        std::vector<size_t> dims;
    };
    struct View {
        Shape shape;
        const double* data;
        size_t size;
    };
    static View view(const Value& v) { return View{Shape{{v.size()}}, v.data(), v.size()}; }
    static bool same_shape(const Shape& a, const Shape& b) { return a.dims == b.dims; }
    static size_t ndim(const Shape& s) { return s.dims.size(); }
    static std::string describe(const Shape& s) {
        std::string out = "(";
        for (size_t i = 0; i < s.dims.size(); ++i) out += (i ? ", " : "") + std::to_string(s.dims[i]);
        return out + ")";
    }
    template <class O>
    using Array = std::vector<O>;
    template <class O>
    static Array<O> make(const Shape&, std::vector<O> values) { return values; }  // row-major (n, n) when a matrix
    static Shape matrix_shape(size_t n) { return Shape{{n, n}}; }
};

// How the elements of x (and y) form a row: element-wise, or every pair (x[i], x[j]) of a matrix.
enum class Layout { ElementWise, Matrix };

// Reads the data inputs of a statistic into rows of samples. Scalar codec:
// x (and y) are float series and the weights a float series. Array codecs:
// x (and y) are arrays of one shape; the weights a float series (one weight
// for the whole row) or an array of x's shape.
template <class Codec, class Sample>
class DataInputs {
public:
    using Value = typename Codec::Value;
    static constexpr size_t kSeries = kPaired<Sample> ? 2 : 1;

    // `schedule`: whether x / y ticks schedule the node (false with a sampler).
    DataInputs(Node* owner, const std::vector<EdgeSlot*>& data, EdgeSlot* weights, bool weights_are_arrays,
               Layout layout, bool schedule)
        : layout_(layout) {
        const size_t expected = layout == Layout::Matrix ? 1 : kSeries;
        if (data.size() != expected)
            throw ValueError("statistic '" + owner->name() + "' expects " + std::to_string(expected) + " data input(s)");
        for (EdgeSlot* slot : data) series_.push_back(std::make_unique<In<Value>>(owner, Edge<Value>(slot), schedule));
        if (kWeighted<Sample> != (weights != nullptr))
            throw ValueError("statistic '" + owner->name() + (weights ? "' takes no weights" : "' needs weights"));
        if (weights == nullptr) return;
        // Weights only supply values: a weights tick alone adds no sample.
        if (weights_are_arrays) {
            if constexpr (!Codec::kArray) throw TypeError("weights of a float series must be a float series");
            array_weights_ = std::make_unique<In<Value>>(owner, Edge<Value>(weights), false);
        } else {
            scalar_weights_ = std::make_unique<In<double>>(owner, Edge<double>(weights), false);
        }
    }

    // True when the x (and y) inputs ticked; throws if only one of x and y did
    // (unless allow_non_overlapping, then false).
    bool ticked(bool allow_non_overlapping) const {
        if constexpr (kSeries == 1) return series_.front()->ticked();  // one series (or one matrix input)
        size_t ticked = 0;
        for (const auto& in : series_) ticked += in->ticked() ? 1 : 0;
        if (ticked == 0 || ticked == series_.size()) return ticked > 0;
        if (allow_non_overlapping) return false;
        throw ValueError("For multivariate statistics, x and y must tick in sequence.");
    }

    // Arrays: the samples of this cycle (NaN for inputs that did not tick).
    void read(std::vector<Sample>& row) requires Codec::kArray { read_arrays(row); }
    // Float series: the sample of this cycle (NaN for inputs that did not tick).
    Sample read() const requires(!Codec::kArray) {
        const double x = value_of(*series_[0]);
        return make_sample<Sample>(x, kPaired<Sample> ? value_of(*series_.back()) : kNaN, scalar_weight());
    }

    // Arrays: whether an array of x was seen (its shape is known).
    bool has_shape() const requires Codec::kArray { return shape_known_ || matrix_size_.has_value(); }
    // Arrays: the shape of the output (the input's, or (n, n) for a matrix); valid after read().
    const auto& shape() const requires Codec::kArray { return output_shape_; }

private:
    static double value_of(const In<double>& in) { return in.ticked() ? in.value() : kNaN; }
    double scalar_weight() const {
        return scalar_weights_ && scalar_weights_->valid() ? scalar_weights_->value() : kNaN;
    }

    void read_arrays(std::vector<Sample>& row) requires Codec::kArray {
        auto x = view_of(0);
        if (layout_ == Layout::Matrix) return read_matrix(x, row);
        const size_t n = x.size;
        auto y = kPaired<Sample> ? view_of(series_.size() - 1) : x;
        const double w = scalar_weight();
        std::optional<typename Codec::View> wv;
        if (array_weights_ && array_weights_->valid()) {
            wv = Codec::view(array_weights_->value());
            check_shape(*wv, "weights");
        }
        row.resize(n);
        for (size_t i = 0; i < n; ++i)
            row[i] = make_sample<Sample>(x.data[i], y.data[i], wv ? wv->data[i] : w);
    }
    void read_matrix(const typename Codec::View& x, std::vector<Sample>& row) requires Codec::kArray {
        const size_t n = x.size;
        if (Codec::ndim(x.shape) != 1)
            throw ValueError("a covariance / correlation matrix needs 1-D arrays, got shape " + Codec::describe(x.shape));
        if (!matrix_size_) {
            matrix_size_ = n;
            output_shape_ = Codec::matrix_shape(n);
        } else if (*matrix_size_ != n) {
            throw ValueError("the array's size changed from " + std::to_string(*matrix_size_) + " to " +
                             std::to_string(n));
        }
        const double w = scalar_weight();
        row.resize(n * n);
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) row[i * n + j] = make_sample<Sample>(x.data[i], x.data[j], w);
    }
    // The array of input k; NaNs of the shape seen first when it did not tick.
    typename Codec::View view_of(size_t k) requires Codec::kArray {
        const In<Value>& in = *series_[k];
        if (!in.ticked()) {
            nan_buffer_.assign(expected_size(), kNaN);
            return typename Codec::View{output_shape_, nan_buffer_.data(), nan_buffer_.size()};
        }
        auto v = Codec::view(in.value());
        if (layout_ == Layout::ElementWise) check_shape(v, k == 0 ? "x" : "y");
        return v;
    }
    void check_shape(const typename Codec::View& v, const char* what) requires Codec::kArray {
        if (!shape_known_) {
            output_shape_ = v.shape;
            element_count_ = v.size;
            shape_known_ = true;
            return;
        }
        if (!Codec::same_shape(v.shape, output_shape_))
            throw ValueError(std::string("the shape of ") + what + " " + Codec::describe(v.shape) +
                             " differs from the shape seen first " + Codec::describe(output_shape_));
    }
    size_t expected_size() const {
        if constexpr (Codec::kArray) {
            if (matrix_size_) return *matrix_size_;
            return shape_known_ ? element_count_ : 0;
        }
        return 1;
    }

    Layout layout_;
    std::vector<std::unique_ptr<In<Value>>> series_;
    std::unique_ptr<In<double>> scalar_weights_;
    std::unique_ptr<In<Value>> array_weights_;
    typename Codec::Shape output_shape_{};
    bool shape_known_ = false;
    size_t element_count_ = 0;
    std::optional<size_t> matrix_size_;
    std::vector<double> nan_buffer_;
};

}  // namespace csp::stats
