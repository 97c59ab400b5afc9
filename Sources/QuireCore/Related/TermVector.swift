import Foundation

/// A post's fuller TF-IDF vector (its heaviest terms with unit-length weights), stored as one
/// blob in `post_term_vector`: for each term its UTF-8 length (one byte), its bytes, and its
/// weight as a little-endian 32-bit float. Compact enough to read sixty of them for one related
/// list; terms longer than 255 bytes are left out.
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

    /// The blob, terms in sorted order so the same vector is always the same bytes.
    var encoded: Data {
        var data = Data()
        for term in weights.keys.sorted() {
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

    /// Calls `body` with each term and weight of a blob; false if the bytes end mid-entry.
    private static func forEachEntry(of data: Data, _ body: (String, Float) -> Void) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < bytes.count {
                let length = Int(bytes[offset])
                let termStart = offset + 1
                let weightStart = termStart + length
                guard weightStart + 4 <= bytes.count else { return false }
                let term = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[termStart..<weightStart]), as: UTF8.self)
                let bits = bytes.loadUnaligned(fromByteOffset: weightStart, as: UInt32.self)
                body(term, Float(bitPattern: UInt32(littleEndian: bits)))
                offset = weightStart + 4
            }
            return true
        }
    }
}
