/// A theme folder Quire can't start with: one line naming the file (and line) and the problem.
public struct ThemeError: Error, CustomStringConvertible {
    public let description: String
}
