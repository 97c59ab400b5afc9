import Foundation

/// A post's fuller TF-IDF vector (its heaviest terms with unit-length weights), stored as one
/// blob in `post_term_vector`: for each term, in the order of their UTF-8 bytes, its UTF-8 length
/// (one byte), its bytes, and its weight as a little-endian 32-bit float. Compact enough to read
/// sixty of them for one related list; terms longer than 255 bytes are left out.
struct TermVector: Equatable {
    var weights: [String: Float]

    init(weights: [String: Float]) {
        self.weights = weights
    }

    /// The unit vector of the given weights (already chosen and in any order).
    init(normalising terms: some Sequence<(term: String, weight: Double)>) {
        let terms = terms.filter { $0.term.utf8.count <= Int(UInt8.max) }
        let norm = sqrt(terms.reduce(0) { $0 + $1.weight * $1.weight })
        var weights: [String: Float] = [:]
        for (term, weight) in terms where norm > 0 {
            weights[term] = Float(weight / norm)
        }
        self.weights = weights
    }

    /// The blob, terms in the order of their bytes: the same vector is always the same bytes,
    /// and two blobs are compared by merging them (`cosine(_:_:)`).
    var encoded: Data {
        var data = Data()
        for term in weights.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let bytes = Array(term.utf8)
            data.append(UInt8(bytes.count))
            data.append(contentsOf: bytes)
            withUnsafeBytes(of: weights[term]!.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The vector a blob holds; nil for bytes that are not one.
    init?(decoding data: Data) {
        var weights: [String: Float] = [:]
        guard Self.forEachEntry(of: data, { term, weight in weights[term] = weight }) else { return nil }
        self.weights = weights
    }

    /// The cosine with the vector a blob holds, without building it; nil for bytes that are not one.
    func cosine(withEncoded data: Data) -> Double? {
        var sum: Double = 0
        let valid = Self.forEachEntry(of: data) { term, weight in
            if let own = weights[term] { sum += Double(own) * Double(weight) }
        }
        return valid ? sum : nil
    }

    /// The cosine of two encoded vectors, found by walking both in step, comparing terms as bytes
    /// (no string is made); nil when either is not a vector or its terms are not in byte order
    /// (blobs written before the order was bytes': decode one and use `cosine(withEncoded:)`).
    static func cosine(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Double? {
        var left = Entries(bytes: a, inOrder: true)
        var right = Entries(bytes: b, inOrder: true)
        var sum: Double = 0
        var (x, y) = (left.next(), right.next())
        while let l = x, let r = y {
            switch Entries.compare(l.term, r.term) {
            case ..<0: x = left.next()
            case 1...: y = right.next()
            default:
                sum += Double(l.weight) * Double(r.weight)
                (x, y) = (left.next(), right.next())
            }
        }
        // The rest of each is walked too, so a blob out of order anywhere is found.
        while x != nil { x = left.next() }
        while y != nil { y = right.next() }
        return left.isValid && right.isValid ? sum : nil
    }

    /// The entries of a blob, as stored; stops, and is no longer valid, at bytes that end
    /// mid-entry or, when `inOrder`, at a term not after the one before it.
    private struct Entries {
        let bytes: UnsafeRawBufferPointer
        let inOrder: Bool
        var offset = 0
        var previous: UnsafeRawBufferPointer?
        private(set) var isValid = true

        init(bytes: UnsafeRawBufferPointer, inOrder: Bool) {
            self.bytes = bytes
            self.inOrder = inOrder
        }

        mutating func next() -> (term: UnsafeRawBufferPointer, weight: Float)? {
            guard isValid, offset < bytes.count else { return nil }
            let termStart = offset + 1
            let weightStart = termStart + Int(bytes[offset])
            guard weightStart + 4 <= bytes.count else {
                isValid = false
                return nil
            }
            let term = UnsafeRawBufferPointer(rebasing: bytes[termStart..<weightStart])
            if inOrder, let previous, Self.compare(previous, term) >= 0 {
                isValid = false
                return nil
            }
            previous = term
            offset = weightStart + 4
            let bits = bytes.loadUnaligned(fromByteOffset: weightStart, as: UInt32.self)
            return (term, Float(bitPattern: UInt32(littleEndian: bits)))
        }

        /// Negative, zero or positive as `a` sorts before, with or after `b`, byte by byte.
        static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
            let shared = min(a.count, b.count)
            if shared > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                let order = memcmp(pa, pb, shared)
                if order != 0 { return Int(order) }
            }
            return a.count - b.count
        }
    }

    /// Calls `body` with each term and weight of a blob, in any order; false if the bytes end
    /// mid-entry.
    private static func forEachEntry(of data: Data, _ body: (String, Float) -> Void) -> Bool {
        data.withUnsafeBytes { bytes in
            var entries = Entries(bytes: bytes, inOrder: false)
            while let entry = entries.next() { body(String(decoding: entry.term, as: UTF8.self), entry.weight) }
            return entries.isValid
        }
    }
}
