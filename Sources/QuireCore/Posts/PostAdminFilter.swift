import Foundation

/// Which posts an admin list shows.
public struct PostAdminFilter: Sendable, Equatable {
    /// nil for every status.
    public var status: PostStatus?
    /// Words the title must contain (case-insensitive), or empty.
    public var titleContains: String
    /// Only this user's posts (an author's list), or nil for all.
    public var ownerID: Int64?
    /// Posts, or pages.
    public var kind: PostKind

    public init(status: PostStatus? = nil, titleContains: String = "", ownerID: Int64? = nil, kind: PostKind = .post) {
        self.status = status
        self.titleContains = titleContains
        self.ownerID = ownerID
        self.kind = kind
    }
}

extension PostAdminFilter {
    /// `titleContains` as a LIKE pattern (with `\` escaping), or nil when it is empty.
    var titlePattern: String? {
        let words = titleContains.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !words.isEmpty else { return nil }
        let escaped = words.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }
}
