/// Why a file can't be imported as a WordPress export. Nothing is imported when one is thrown.
public enum WordPressImportError: Error, Equatable, CustomStringConvertible {
    case notWellFormed(line: Int, reason: String)
    case notWXR(String)
    /// Bytes that are not UTF-8, which WordPress always writes (and which crash Foundation's XML
    /// parser in a name); at this offset from the start of the file.
    case notUTF8(offset: Int)
    /// A processing instruction with nothing in it (`<?x?>`), which crashes Foundation's XML
    /// parser on Linux; at this offset from the start of the file.
    case emptyProcessingInstruction(offset: Int)
    /// A `<!DOCTYPE`, which WordPress never writes; at this offset from the start of the file.
    case doctype(offset: Int)
    /// An XML declaration naming an encoding other than UTF-8 or ISO-8859-1.
    case unsupportedEncoding(String)

    public var description: String {
        switch self {
        case .notWellFormed(let line, let reason):
            "the file is cut short or is not well-formed XML (line \(line): \(reason)); export it again from WordPress (Tools → Export); nothing was imported"
        case .notUTF8(let offset):
            "the file is not UTF-8 text (at byte \(offset)), as WordPress exports are: it may be damaged; export it again from WordPress (Tools → Export); nothing was imported"
        case .emptyProcessingInstruction(let offset):
            "the file holds a processing instruction with nothing in it (<?…?> at byte \(offset)), which WordPress never writes: it may be damaged; export it again from WordPress (Tools → Export), or delete that instruction; nothing was imported"
        case .doctype(let offset):
            "the file holds a <!DOCTYPE> (at byte \(offset)), which WordPress never writes: it may be damaged or made to look like an export; export it again from WordPress (Tools → Export); nothing was imported"
        case .unsupportedEncoding(let name):
            "the file declares the encoding '\(name)'; Quire reads exports in UTF-8 (as WordPress writes them) or ISO-8859-1: convert it to UTF-8 (iconv -f '\(name)' -t UTF-8) and change its first line to say encoding=\"UTF-8\"; nothing was imported"
        case .notWXR(let why):
            "this is not a WordPress export (WXR): \(why); export one from WordPress with Tools → Export; nothing was imported"
        }
    }
}
