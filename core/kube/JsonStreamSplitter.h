#pragma once

#include <QByteArray>

#include <string_view>

namespace nestdeck::kube {

// Splits a stream of concatenated JSON values (a watch body) into whole
// values, wherever the chunks happen to be cut.
class JsonStreamSplitter {
public:
    // Appends data; calls fn(std::string_view) for every complete top-level value.
    template <typename Fn> void feed(const char *data, size_t size, Fn fn);
    explicit JsonStreamSplitter(qsizetype maxValue = DefaultMaxValue) : m_maxValue(maxValue) {}
    // Bytes held for a value not yet complete.
    qsizetype pending() const { return m_buf.size(); }
    // A value larger than maxValue is garbage (or an attack): the stream is broken.
    static constexpr qsizetype DefaultMaxValue = 64 * 1024 * 1024;
    qsizetype maxValue() const { return m_maxValue; }
    bool overflowed() const { return m_overflow; }

private:
    qsizetype m_maxValue;
    QByteArray m_buf;
    qsizetype m_scan = 0; // where scanning resumes in m_buf
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    qsizetype m_start = -1;
    bool m_overflow = false;
};

template <typename Fn> void JsonStreamSplitter::feed(const char *data, size_t size, Fn fn)
{
    if (m_overflow)
        return;
    m_buf.append(data, qsizetype(size));
    const char *b = m_buf.constData();
    const qsizetype n = m_buf.size();
    qsizetype consumed = 0;
    for (qsizetype i = m_scan; i < n; ++i) {
        const char c = b[i];
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
        case '[':
            if (m_depth++ == 0)
                m_start = i;
            break;
        case '}':
        case ']':
            if (m_depth > 0 && --m_depth == 0) {
                fn(std::string_view(b + m_start, size_t(i + 1 - m_start)));
                consumed = i + 1;
                m_start = -1;
            }
            break;
        default:
            break; // whitespace and newlines between values, scalars inside
        }
    }
    if (m_depth == 0 && !m_inString) {
        // Between values: what is left is whitespace (the newline after each
        // event), not the start of one. Keeping it would count as an event
        // in progress (pending()) and trip the stall check.
        m_buf.clear();
        m_start = -1;
    } else if (consumed > 0) {
        m_buf.remove(0, consumed);
        if (m_start >= 0)
            m_start -= consumed;
    }
    m_scan = m_buf.size();
    if (m_buf.size() > m_maxValue) {
        m_overflow = true;
        m_buf = QByteArray(); // and give the memory back
    }
}

} // namespace nestdeck::kube
