// gzip and deflate with zlib, for compressed response bodies: decoded once for every transport, encoded by the
// simulated app when asked to compress.
#include <oktasim/connectors/content_coding.hpp>

#include <boost/beast/core/string.hpp>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace oktasim::connectors {
namespace {

using boost::beast::iequals;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// zlib's window bits: 15 for the zlib format, +16 for a gzip wrapper, negative for a raw deflate stream.
int window_bits(ContentCoding coding) { return coding == ContentCoding::gzip ? 15 + 16 : 15; }

std::optional<std::string> inflate_with(std::string_view data, int bits) {
    if (data.size() > UINT_MAX) return std::nullopt;
    z_stream zs{};
    if (inflateInit2(&zs, bits) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - zs.avail_out);
        if (out.size() > decoded_body_max || (rc == Z_BUF_ERROR && zs.avail_in == 0)) break;
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || out.size() > decoded_body_max) return std::nullopt;
    return out;
}

}  // namespace

std::string_view to_string(ContentCoding c) noexcept {
    switch (c) {
        case ContentCoding::gzip: return "gzip";
        case ContentCoding::deflate: return "deflate";
        case ContentCoding::identity: break;
    }
    return "identity";
}

std::optional<ContentCoding> content_coding_from(std::string_view token) noexcept {
    token = trim(token);
    if (iequals(token, "gzip") || iequals(token, "x-gzip")) return ContentCoding::gzip;
    if (iequals(token, "deflate")) return ContentCoding::deflate;
    if (iequals(token, "identity")) return ContentCoding::identity;
    return std::nullopt;
}

std::optional<std::string> encode(std::string_view data, ContentCoding coding) {
    if (coding == ContentCoding::identity) return std::string(data);
    if (data.size() > UINT_MAX) return std::nullopt;
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits(coding), 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

std::optional<std::string> decode(std::string_view data, ContentCoding coding) {
    if (coding == ContentCoding::identity) return std::string(data);
    if (auto out = inflate_with(data, window_bits(coding))) return out;
    if (coding == ContentCoding::deflate) return inflate_with(data, -15);
    return std::nullopt;
}

void decode_response_body(wire::Delivery& delivery) {
    if (!delivery.response) return;
    wire::Response& r = *delivery.response;
    const std::string_view header = r.header("Content-Encoding");
    if (header.empty() || r.body.empty()) return;
    // Codings are listed in the order they were applied (RFC 9110 §8.4): undo them from the last.
    std::vector<ContentCoding> codings;
    for (std::size_t start = 0; start <= header.size();) {
        const std::size_t comma = std::min(header.find(',', start), header.size());
        const auto coding = content_coding_from(header.substr(start, comma - start));
        if (!coding) return;  // unknown: leave the body as it came
        codings.push_back(*coding);
        start = comma + 1;
    }
    std::string body = r.body;
    for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
        auto decoded = decode(body, *it);
        if (!decoded) return;
        body = std::move(*decoded);
    }
    r.body = std::move(body);
}

void encode_response_body(wire::Response& response, std::string_view accept_encoding, ContentCoding coding) {
    if (coding == ContentCoding::identity || response.body.empty()) return;
    bool accepted = false;
    for (std::size_t start = 0; start <= accept_encoding.size() && !accepted;) {
        const std::size_t comma = std::min(accept_encoding.find(',', start), accept_encoding.size());
        std::string_view item = accept_encoding.substr(start, comma - start);
        const std::size_t semicolon = item.find(';');
        const std::string_view params = semicolon == std::string_view::npos ? "" : trim(item.substr(semicolon + 1));
        item = item.substr(0, semicolon);
        const auto listed = content_coding_from(item);
        accepted = listed == coding && params != "q=0" && params != "q=0.0" && params != "q=0.000";
        start = comma + 1;
    }
    if (!accepted) return;
    auto encoded = encode(response.body, coding);
    if (!encoded) return;
    response.body = std::move(*encoded);
    wire::set_header(response.headers, "Content-Encoding", std::string(to_string(coding)));
    wire::set_header(response.headers, "Vary", "Accept-Encoding");
}

}  // namespace oktasim::connectors
