/// Scores summed by post id: an open-addressing hash table for the thousands of additions one
/// related list makes, with a multiplicative hash in place of `Dictionary`'s seeded SipHash,
/// which cost more than the additions themselves. Ids are never negative, so -1 marks a free slot.
struct ScoreTable {
    private var ids: [Int64]
    private var scores: [Double]
    private var mask: Int
    private(set) var count = 0

    /// A table that holds `capacity` ids before it grows.
    init(capacity: Int) {
        let slots = max(16, (capacity * 2).nextPowerOfTwo)
        ids = Array(repeating: -1, count: slots)
        scores = Array(repeating: 0, count: slots)
        mask = slots - 1
    }

    /// Adds `value` to the score of `id` (starting from zero).
    mutating func add(_ value: Double, to id: Int64) {
        let slot = self.slot(of: id)
        if ids[slot] == id {
            scores[slot] += value
            return
        }
        ids[slot] = id
        scores[slot] = value
        count += 1
        if count * 2 > ids.count { grow() }
    }

    /// The score of `id`, nil when nothing was added to it.
    subscript(id: Int64) -> Double? {
        let slot = self.slot(of: id)
        return ids[slot] == id ? scores[slot] : nil
    }

    /// Calls `body` with every id and its score, in no particular order.
    func forEach(_ body: (Int64, Double) throws -> Void) rethrows {
        for slot in ids.indices where ids[slot] >= 0 { try body(ids[slot], scores[slot]) }
    }

    /// The slot that holds `id`, or the free one where it would go.
    private func slot(of id: Int64) -> Int {
        // Fibonacci hashing: the high bits of the product, spread over the table.
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while ids[slot] != id && ids[slot] >= 0 { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        var larger = ScoreTable(capacity: ids.count)
        forEach { id, score in larger.add(score, to: id) }
        self = larger
    }
}

private extension Int {
    /// The smallest power of two not below this (positive) number.
    var nextPowerOfTwo: Int { 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
