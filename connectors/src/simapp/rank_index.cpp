// The simulated app's creation-order positions: a Fenwick tree (binary indexed tree) over sequence numbers.
#include <oktasim/connectors/simapp/rank_index.hpp>

#include <algorithm>
#include <bit>

namespace oktasim::connectors::simapp {

void RankIndex::add(std::uint64_t seq) {
    if (seq >= live_.size()) grow(seq);
    if (live_[seq]) return;
    live_[seq] = true;
    ++live_count_;
    update(seq, +1);
}

void RankIndex::remove(std::uint64_t seq) {
    if (seq >= live_.size() || !live_[seq]) return;
    live_[seq] = false;
    --live_count_;
    update(seq, -1);
}

void RankIndex::update(std::uint64_t seq, std::int64_t delta) {
    const std::uint64_t n = live_.size();
    for (std::uint64_t i = seq + 1; i <= n; i += i & (~i + 1)) tree_[i] += delta;
}

void RankIndex::grow(std::uint64_t seq) {
    const std::uint64_t n = std::bit_ceil(std::max<std::uint64_t>({seq + 1, std::uint64_t{live_.size()} * 2, std::uint64_t{64}}));
    live_.resize(n, false);
    tree_.assign(n + 1, 0);
    for (std::uint64_t i = 1; i <= n; ++i) {
        tree_[i] += live_[i - 1] ? 1 : 0;
        if (const std::uint64_t parent = i + (i & (~i + 1)); parent <= n) tree_[parent] += tree_[i];
    }
}

std::optional<std::uint64_t> RankIndex::nth(std::uint64_t k) const {
    if (k >= live_count_) return std::nullopt;
    const std::uint64_t n = live_.size();  // a power of two once anything was added
    std::uint64_t pos = 0;
    auto remaining = static_cast<std::int64_t>(k);
    for (std::uint64_t step = n; step > 0; step >>= 1) {
        if (pos + step <= n && tree_[pos + step] <= remaining) {
            pos += step;
            remaining -= tree_[pos];
        }
    }
    return pos;  // 1-based index pos + 1 holds the k-th live seq, which is pos
}

}  // namespace oktasim::connectors::simapp
