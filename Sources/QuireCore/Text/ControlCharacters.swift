extension String {
    /// Whether the text holds Unicode Cc characters other than tab, line feed and carriage
    /// return (and, for one-line fields, those two line breaks too). Such text is refused
    /// wherever people type it: SQLite's text functions stop at a NUL, and the others can't be
    /// shown.
    public func containsControlCharacters(allowingLineBreaks: Bool = true) -> Bool {
        unicodeScalars.contains { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            switch scalar {
            case "\t": return false
            case "\n", "\r": return !allowingLineBreaks
            default: return true
            }
        }
    }
}
