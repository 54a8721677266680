#pragma once

#include "core/kube/Transport.h"

#include <QStringList>

namespace nestdeck::kube {

// The texts of the server's warnings (deprecated APIs, ignored fields, ...):
// HTTP Warning headers in RFC 7234's form, `299 - "text"` with an optional
// quoted date, several to a header separated by commas and the text a quoted
// string with backslash escapes. Deduplicated, in the order they came. As
// client-go, only code 299 (what the API server sends) with a text counts: a
// 1xx from a cache on the way says nothing about the request. A value that
// cannot be parsed ends its header (what came before it counts); the other
// headers are read on.
QStringList warningTexts(const Headers &headers);

} // namespace nestdeck::kube
