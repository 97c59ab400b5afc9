/// Finds, in an XML file read in chunks, what Foundation's parser on Linux can't be given: a
/// processing instruction with nothing after its target (`<?x?>`, `<?x ?>`, `<??>`), which
/// crashes it, and a `<!DOCTYPE`, which WordPress never writes and whose quoted text and
/// entities could hide one from this scanner. Outside CDATA sections and comments only, where
/// they are text. Byte by byte, so a marker cut by a chunk's end is still seen.
struct UnreadableMarkupScanner {
    enum Finding: Equatable {
        case emptyProcessingInstruction(offset: Int)
        case doctype(offset: Int)
    }

    private enum State {
        case text, cdata, comment
        /// Inside `<?` begun at `start`: whether the target has been read, and text after it.
        case instruction(start: Int, targetRead: Bool, hasData: Bool, targetLength: Int)
    }

    private var state = State.text
    /// The last bytes seen, enough for the longest marker, `<![CDATA[`.
    private var recent: [UInt8] = []
    private var offset = 0

    /// The first finding in the file, once its end is in `chunk`.
    mutating func scan(_ chunk: [UInt8]) -> Finding? {
        for byte in chunk {
            recent.append(byte)
            if recent.count > 9 { recent.removeFirst() }
            defer { offset += 1 }
            switch state {
            case .text:
                if ends(with: "<!DOCTYPE") {
                    return .doctype(offset: offset - 8)
                } else if ends(with: "<![CDATA[") {
                    state = .cdata
                } else if ends(with: "<!--") {
                    state = .comment
                } else if ends(with: "<?") {
                    state = .instruction(start: offset - 1, targetRead: false, hasData: false, targetLength: 0)
                }
            case .cdata:
                if ends(with: "]]>") { state = .text }
            case .comment:
                if ends(with: "-->") { state = .text }
            case .instruction(let start, let targetRead, let hasData, let targetLength):
                if ends(with: "?>") {
                    if !hasData { return .emptyProcessingInstruction(offset: start) }
                    state = .text
                } else if byte == UInt8(ascii: "?") {
                    continue  // maybe the end; a `?` alone is counted as nothing, to be safe
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                    state = .instruction(start: start, targetRead: targetRead || targetLength > 0, hasData: hasData, targetLength: targetLength)
                } else if targetRead {
                    state = .instruction(start: start, targetRead: true, hasData: true, targetLength: targetLength)
                } else {
                    state = .instruction(start: start, targetRead: false, hasData: false, targetLength: targetLength + 1)
                }
            }
        }
        return nil
    }

    private func ends(with marker: StaticString) -> Bool {
        let bytes = UnsafeBufferPointer(start: marker.utf8Start, count: marker.utf8CodeUnitCount)
        return recent.count >= bytes.count && recent.suffix(bytes.count).elementsEqual(bytes)
    }
}
