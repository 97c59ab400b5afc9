import Foundation
import GRDB

extension PostStore {
    /// The next moment after `now` at which pages change without any write: a scheduled post's
    /// time comes, or a post's comments close after `closeCommentsAfterDays` (0: never).
    public func nextTimedChange(after now: Date, closeCommentsAfterDays: Int) async throws -> Date? {
        try await database.reader.read { db in
            let scheduled = try Date.fetchOne(db, sql: """
                SELECT MIN(published_at) FROM post
                WHERE status <> 'draft' AND status = 'scheduled' AND published_at > ?
                """, arguments: [now])
            guard closeCommentsAfterDays > 0 else { return scheduled }
            let openFor = Double(closeCommentsAfterDays) * 86_400
            let closing = try Date.fetchOne(db, sql: """
                SELECT MIN(published_at) FROM post
                WHERE status <> 'draft' AND comments_open = 1 AND published_at > ?
                """, arguments: [now.addingTimeInterval(-openFor)]).map { $0.addingTimeInterval(openFor) }
            return [scheduled, closing].compactMap { $0 }.min()
        }
    }
}
