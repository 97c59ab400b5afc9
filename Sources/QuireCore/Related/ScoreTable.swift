/// Scores summed by post id: an open-addressing hash table for the thousands of additions one
/// related list makes, with a multiplicative hash in place of `Dictionary`'s seeded SipHash,
/// which cost more than the additions themselves. Ids are never negative, so -1 marks a free slot.
struct ScoreTable {
    private struct Slot {
        var id: Int64
        var score: Double
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    /// A table that holds `capacity` ids before it grows (it grows when three quarters full).
    init(capacity: Int) {
        let size = max(16, (capacity + capacity / 3 + 1).nextPowerOfTwo)
        slots = Array(repeating: Slot(id: -1, score: 0), count: size)
        mask = size - 1
    }

    /// Adds `value` to the score of `id` (starting from zero).
    mutating func add(_ value: Double, to id: Int64) {
        let index = self.index(of: id)
        if slots[index].id == id {
            slots[index].score += value
            return
        }
        slots[index] = Slot(id: id, score: value)
        count += 1
        if count * 4 > slots.count * 3 { grow() }
    }

    /// The score of `id`, nil when nothing was added to it.
    subscript(id: Int64) -> Double? {
        let slot = slots[index(of: id)]
        return slot.id == id ? slot.score : nil
    }

    /// Calls `body` with every id and its score, in no particular order.
    func forEach(_ body: (Int64, Double) throws -> Void) rethrows {
        for slot in slots where slot.id >= 0 { try body(slot.id, slot.score) }
    }

    /// The slot that holds `id`, or the free one where it would go.
    private func index(of id: Int64) -> Int {
        // Fibonacci hashing: the high bits of the product, spread over the table.
        var index = Int(truncatingIfNeeded: (UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while slots[index].id != id && slots[index].id >= 0 { index = (index + 1) & mask }
        return index
    }

    private mutating func grow() {
        var larger = ScoreTable(capacity: slots.count * 2)
        forEach { id, score in larger.add(score, to: id) }
        self = larger
    }
}

private extension Int {
    /// The smallest power of two not below this (positive) number.
    var nextPowerOfTwo: Int { 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
