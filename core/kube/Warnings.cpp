#include "core/kube/Warnings.h"

#include <algorithm>

namespace nestdeck::kube {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t'; }

QByteArrayView skipSpace(QByteArrayView s)
{
    while (!s.isEmpty() && isSpace(s.front()))
        s = s.sliced(1);
    return s;
}

// The token up to the next space; false when there is none or it is empty.
bool takeToken(QByteArrayView *s, QByteArrayView *token)
{
    const qsizetype end = s->indexOf(' ');
    if (end <= 0)
        return false;
    *token = s->first(end);
    *s = skipSpace(s->sliced(end));
    return true;
}

// A quoted-string at the start of *s, unescaped; false when it is not one or
// does not close.
bool takeQuoted(QByteArrayView *s, QByteArray *text)
{
    if (s->isEmpty() || s->front() != '"')
        return false;
    text->clear();
    bool escaping = false;
    for (qsizetype i = 1; i < s->size(); ++i) {
        const char c = s->at(i);
        if (escaping) {
            text->append(c);
            escaping = false;
        } else if (c == '\\') {
            escaping = true;
        } else if (c == '"') {
            *s = skipSpace(s->sliced(i + 1));
            return true;
        } else {
            text->append(c);
        }
    }
    return false;
}

bool isControl(char c) { return uchar(c) < 0x20 || c == 0x7f; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

QStringList warningTexts(const Headers &headers)
{
    QStringList texts;
    for (const auto &[name, value] : headers) {
        if (QByteArrayView(name).compare("warning", Qt::CaseInsensitive) != 0)
            continue;
        QByteArrayView rest = QByteArrayView(value).trimmed();
        // warning-value = warn-code SP warn-agent SP warn-text [SP warn-date], comma-separated
        while (!rest.isEmpty()) {
            QByteArrayView code, agent;
            QByteArray text, date;
            if (!takeToken(&rest, &code) || code.size() != 3 || !std::all_of(code.begin(), code.end(), isDigit) || !takeToken(&rest, &agent) ||
                std::any_of(agent.begin(), agent.end(), isControl) || !takeQuoted(&rest, &text))
                break;
            const QString t = QString::fromUtf8(text);
            if (code == "299" && !t.isEmpty() && !texts.contains(t))
                texts << t;
            if (!rest.isEmpty() && rest.front() == '"' && !takeQuoted(&rest, &date))
                break;
            if (!rest.isEmpty()) {
                if (rest.front() != ',')
                    break;
                rest = skipSpace(rest.sliced(1));
            }
        }
    }
    return texts;
}

} // namespace nestdeck::kube
