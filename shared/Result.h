#pragma once

#include "ApiError.h"

#include <optional>
#include <utility>

namespace td {

// A value or the ApiError explaining why there is none. Default-constructible
// (QFuture and QCoro::waitFor need that), in which case it holds an internal error.
template<typename T>
class Result
{
public:
    Result()
        : m_error(ApiError::internal())
    {}
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(ApiError error)
        : m_error(std::move(error))
    {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    T &value() { return *m_value; }
    const T &value() const { return *m_value; }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

// For operations that produce nothing but can fail.
struct Done {
};

} // namespace td
