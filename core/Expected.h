#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace nestdeck {

// An error for a person to read: what went wrong, in plain words, naming the
// file or object it came from. Never contains a secret.
struct Error {
    QString message;
};

// A value or an Error (std::expected is C++23; this is all we need of it).
template <typename T> class Expected {
public:
    Expected(T value) : m_value(std::move(value)) {}
    Expected(Error error) : m_error(std::move(error)) {}

    explicit operator bool() const { return m_value.has_value(); }
    bool ok() const { return m_value.has_value(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const { return *m_value; }
    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

inline Error makeError(QString message) { return Error{std::move(message)}; }

} // namespace nestdeck
