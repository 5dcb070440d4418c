// Positions in creation order for the simulated app's list endpoints: which live sequence number is the k-th, in
// O(log n), so `GET /Users?startIndex=99901` costs what `?startIndex=1` does (a Fenwick tree over sequence numbers).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace oktasim::connectors::simapp {

class RankIndex {
public:
    void add(std::uint64_t seq);     // seq becomes live; seqs are small dense integers (a store's counter)
    void remove(std::uint64_t seq);  // seq stops being live; unknown seqs are ignored
    // The k-th live seq in ascending order, k from 0; nullopt past the end.
    std::optional<std::uint64_t> nth(std::uint64_t k) const;
    std::uint64_t size() const noexcept { return live_count_; }

private:
    void update(std::uint64_t seq, std::int64_t delta);
    void grow(std::uint64_t seq);  // rebuilds with room for seq, doubling, so adds stay amortised O(log n)

    std::vector<std::int64_t> tree_;  // 1-based: tree_[i] counts live seqs in (i - lowbit(i), i], seq s at i = s + 1
    std::vector<bool> live_;          // by seq
    std::uint64_t live_count_ = 0;
};

}  // namespace oktasim::connectors::simapp
