/// One link of an HTTP `Link` field (RFC 8288): its target as written (maybe relative) and the
/// tokens of its `rel` parameter, in lower case.
public struct WebLink: Sendable, Equatable {
    public var target: String
    public var relations: [String]
}

/// Reads `Link` field values (RFC 8288 §3): links separated by commas, each a `<URI>` followed
/// by `;`-separated parameters whose values are tokens or quoted strings (which may hold commas
/// and semicolons). What can't be read ends the value; the links before it are kept.
public enum LinkHeader {
    public static func links(in value: String) -> [WebLink] {
        var links: [WebLink] = []
        var rest = Substring(value)
        while true {
            rest = rest.drop { $0 == "," || $0.isWhitespace }
            guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return links }
            let target = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            var relations: [String]?
            while true {
                rest = rest.drop(while: \.isWhitespace)
                guard rest.first == ";" else { break }
                rest = rest.dropFirst().drop(while: \.isWhitespace)
                let name = rest.prefix { $0 != "=" && $0 != ";" && $0 != "," && !$0.isWhitespace }
                rest = rest[name.endIndex...].drop(while: \.isWhitespace)
                var parameter = ""
                if rest.first == "=" {
                    rest = rest.dropFirst().drop(while: \.isWhitespace)
                    parameter = readValue(&rest)
                }
                // The first rel parameter counts (RFC 8288 §3.3).
                if name.lowercased() == "rel", relations == nil {
                    relations = parameter.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
                }
            }
            links.append(WebLink(target: target, relations: relations ?? []))
            guard rest.isEmpty || rest.first == "," else { return links }
        }
    }

    /// A parameter's value: a quoted string (with `\` escapes) or a token.
    private static func readValue(_ rest: inout Substring) -> String {
        guard rest.first == "\"" else {
            let token = rest.prefix { $0 != ";" && $0 != "," && !$0.isWhitespace }
            rest = rest[token.endIndex...]
            return String(token)
        }
        var value = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex, rest[index] != "\"" {
            if rest[index] == "\\", rest.index(after: index) < rest.endIndex { index = rest.index(after: index) }
            value.append(rest[index])
            index = rest.index(after: index)
        }
        rest = index < rest.endIndex ? rest[rest.index(after: index)...] : rest[rest.endIndex...]
        return value
    }
}
